package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import io.coditect.terminal.RecordingRequest;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalState;
import io.coditect.terminal.TerminalTap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recording with gateways and agents: the gateway asks what the policy says and writes the start
 * once; the agent records what the gateway asked, under its id, with no event of its own, and
 * refuses a malformed id; a restored terminal is recorded as it was started.
 */
class RecordingRequestTest extends RecorderFixture {
    /** An agent's recorder: what the gateway asked, under the gateway's id, and no audit event of its own. */
    private Recorder agentRecorder() {
        Recorder recorder = new Recorder(recordings(store, Clock.systemUTC()),
                new RecordingSettings(RecordingPolicy.OFF, RETENTION, 8 << 20), false, Clock.systemUTC());
        recorders.add(recorder);
        return recorder;
    }

    @Test
    void gatewaysRequest_recordedUnderItsId_withInput_withoutAnEventAtTheAgent() throws IOException {
        String id = RecordingIds.generate(Instant.now().minusSeconds(1));
        TerminalTap tap = agentRecorder().open("ws-1", "t-1", 80, 24, new RecordingRequest(true, true, id));
        tap.input(ByteBuffer.wrap("ls\r".getBytes(StandardCharsets.UTF_8)));
        tap.output(ByteBuffer.wrap("ls\r\n".getBytes(StandardCharsets.UTF_8)));
        tap.close();

        RecordingInfo info = ended("ws-1");
        assertThat(info.id()).isEqualTo(id);
        assertThat(info.startedAt().toEpochMilli()).isEqualTo(RecordingIds.startedMillis(id).orElseThrow());
        assertThat(info.input()).isTrue();
        assertThat(Cast.parse(text(info)).data("i")).containsExactly("ls\r");
        assertThat(recordings(store, Clock.systemUTC()).find("ws-1", id)).contains(info);
        assertThat(export.exported()).isEmpty();
    }

    @Test
    void gatewaysRequest_off_notRecorded_evenWhereTheAgentsStoreHasAPolicy() {
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        recordings.setPolicy("ws-1", new RecordingPolicy(true, false), export.logOver(store, KEYS, "r")
                .event(io.coditect.audit.AuditAction.RECORDING_POLICY, "alice", io.coditect.audit.RequestOrigin.SERVER)
                .withWorkspace("ws-1"));

        TerminalTap tap = agentRecorder().open("ws-1", "t-1", 80, 24, new RecordingRequest(false, false, null));

        assertThat(tap).isSameAs(TerminalTap.NONE);
        assertThat(recordings.list("ws-1", 10)).isEmpty();
    }

    @Test
    void gatewaysRequest_malformedId_refusesTheTerminal() {
        Recorder recorder = agentRecorder();
        for (String id : new String[] {null, "rec-../../x", "rec-1-deadbeef", "rec-0000000000001-DEADBEEF"}) {
            assertThatThrownBy(() -> recorder.open("ws-1", "t-1", 80, 24, new RecordingRequest(true, false, id)))
                    .as(String.valueOf(id)).isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.getMessage()).contains("recording id"));
        }
        assertThat(recordings(store, Clock.systemUTC()).list("ws-1", 10)).isEmpty();
    }

    @Test
    void restoredTerminal_recordedAsItWasStarted_whateverTheWorkspaceSaysNow() {
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        io.coditect.audit.AuditLog log = export.logOver(store, KEYS, "r");
        recordings.setPolicy("ws-1", new RecordingPolicy(true, true), log.event(io.coditect.audit.AuditAction.RECORDING_POLICY,
                "alice", io.coditect.audit.RequestOrigin.SERVER).withWorkspace("ws-1"));
        Recorder recorder = recorder(store, RecordingPolicy.OFF);
        recorder.open("ws-1", "t-recorded", 80, 24, null).close();
        recordings.setPolicy("ws-1", RecordingPolicy.OFF, log.event(io.coditect.audit.AuditAction.RECORDING_POLICY,
                "alice", io.coditect.audit.RequestOrigin.SERVER).withWorkspace("ws-1"));
        recorder.open("ws-1", "t-plain", 80, 24, null).close();
        recordings.setPolicy("ws-1", new RecordingPolicy(true, false), log.event(io.coditect.audit.AuditAction.RECORDING_POLICY,
                "alice", io.coditect.audit.RequestOrigin.SERVER).withWorkspace("ws-1"));

        TerminalTap restored = recorder.reopen("ws-1", "t-recorded", 100, 30);
        TerminalTap plain = recorder.reopen("ws-1", "t-plain", 80, 24);
        restored.close();

        assertThat(plain).isSameAs(TerminalTap.NONE);
        List<RecordingInfo> listed = recordings.list("ws-1", 10);
        assertThat(listed).extracting(RecordingInfo::terminal).containsExactly("t-recorded", "t-recorded");
        assertThat(listed).allSatisfy(info -> assertThat(info.input()).isTrue());
        assertThat(listed.getFirst().cols()).isEqualTo(100);
        assertThat(listed.get(0).id()).isNotEqualTo(listed.get(1).id());
    }

    @Test
    void gateway_requestsWhatThePolicySays_andWritesTheStartOnce() {
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        io.coditect.audit.AuditLog log = export.logOver(store, KEYS, "gw");
        workspace("ws-1");
        GatewayRecordings gateway = new GatewayRecordings(recordings, new RecordingCopies(store, KEYS, recordings, log),
                new RecordingSettings(RecordingPolicy.OFF, RETENTION, 1 << 20), log, Clock.systemUTC());
        assertThat(gateway.request("ws-1")).isEqualTo(new RecordingRequest(false, false, null));
        gateway.started("ws-1", terminal("t-1"), gateway.request("ws-1"));
        assertThat(export.exported()).isEmpty();

        recordings.setPolicy("ws-1", new RecordingPolicy(true, true), log.event(io.coditect.audit.AuditAction.RECORDING_POLICY,
                "alice", io.coditect.audit.RequestOrigin.SERVER).withWorkspace("ws-1"));
        RecordingRequest request = gateway.request("ws-1");
        gateway.started("ws-1", terminal("t-2"), request);

        assertThat(request.enabled()).isTrue();
        assertThat(request.input()).isTrue();
        assertThat(RecordingIds.isWellFormed(request.id())).isTrue();
        assertThat(export.exported()).filteredOn(event -> event.action().equals("recording.start")).singleElement()
                .satisfies(event -> {
                    assertThat(event.terminal()).isEqualTo("t-2");
                    assertThat(event.details()).containsEntry("recording", request.id()).containsEntry("input", "true");
                });
        // The gateway's copy begins with the event: an empty description, in the copier's work list.
        assertThat(recordings.list("ws-1", 10)).singleElement().satisfies(info -> {
            assertThat(info.id()).isEqualTo(request.id());
            assertThat(info.terminal()).isEqualTo("t-2");
            assertThat(info.cols()).isEqualTo(100);
            assertThat(info.bytes()).isZero();
            assertThat(info.copy()).isEqualTo(RecordingInfo.COPYING);
        });
        assertThat(range(KEYS.recordingCopies().range())).hasSize(1);
    }

    private static TerminalInfo terminal(String id) {
        Instant now = Instant.now();
        return new TerminalInfo(id, "ws-1", "/bin/bash", ".", 100, 30, TerminalState.RUNNING, null, 0, 0, 0, now, now);
    }
}
