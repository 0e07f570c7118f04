package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.apple.foundationdb.tuple.Tuple;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditFilter;
import io.coditect.audit.AuditQuery;
import io.coditect.audit.RecordingExport;
import io.coditect.store.ChunkedValue;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.RecordingRequest;
import io.coditect.terminal.TerminalTap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording on the embedded store: what the policy records, byte-exact output, input and resizes,
 * chunked writes, the bound on what waits for the store, retention, and ambiguous commits.
 */
class RecorderTest {
    private static final KeyLayout KEYS = new KeyLayout("test");
    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path dir;
    EmbeddedStore store;
    final RecordingExport export = new RecordingExport();
    final List<Recorder> recorders = new ArrayList<>();

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir.resolve("store.mv.db"), 4000, 2000);
    }

    @AfterEach
    void close() {
        recorders.forEach(Recorder::stop);
        store.close();
    }

    private RecordingStore recordings(KeyValueStore over, Clock clock) {
        return new RecordingStore(over, KEYS, export.logOver(over, KEYS, "replica-a"), clock);
    }

    private Recorder recorder(KeyValueStore over, RecordingPolicy deployment) {
        Recorder recorder = new Recorder(recordings(over, Clock.systemUTC()),
                new RecordingSettings(deployment, RETENTION, 8 << 20), true, Clock.systemUTC());
        recorders.add(recorder);
        return recorder;
    }

    private static RecordingStart started(RecordingPolicy deployment) {
        return new RecordingStart(deployment, null, false, true);
    }

    private RecordingInfo only(String workspaceId) {
        List<RecordingInfo> listed = recordings(store, Clock.systemUTC()).list(workspaceId, 10);
        assertThat(listed).hasSize(1);
        return listed.getFirst();
    }

    private RecordingInfo ended(String workspaceId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> only(workspaceId).endedAt() != null);
        return only(workspaceId);
    }

    private String text(RecordingInfo info) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        recordings(store, Clock.systemUTC()).copy(info, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<KeyValue> range(com.apple.foundationdb.Range range) {
        return store.read(tx -> tx.getRange(range));
    }

    private static void split(TerminalTap tap, byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            tap.output(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)));
        }
    }

    @Test
    void policyOff_nothingRecordedNorStored() {
        TerminalTap tap = recorder(store, RecordingPolicy.OFF).open("ws-1", "t-1", 80, 24, null);

        assertThat(tap).isSameAs(TerminalTap.NONE);
        assertThat(recordings(store, Clock.systemUTC()).list("ws-1", 10)).isEmpty();
        assertThat(export.exported()).isEmpty();
    }

    @Test
    void workspacePolicy_recordsThatWorkspaceOnly_withInputWhenItSaysSo() throws IOException {
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        recordings.setPolicy("ws-on", new RecordingPolicy(true, true), export.logOver(store, KEYS, "r")
                .event(io.coditect.audit.AuditAction.RECORDING_POLICY, "alice", io.coditect.audit.RequestOrigin.SERVER)
                .withWorkspace("ws-on"));
        Recorder recorder = recorder(store, RecordingPolicy.OFF);

        TerminalTap other = recorder.open("ws-off", "t-1", 80, 24, null);
        TerminalTap tap = recorder.open("ws-on", "t-2", 80, 24, null);
        tap.input(ByteBuffer.wrap("ls\r".getBytes(StandardCharsets.UTF_8)));
        tap.output(ByteBuffer.wrap("ls\r\nfile\r\n".getBytes(StandardCharsets.UTF_8)));
        tap.close();

        assertThat(other).isSameAs(TerminalTap.NONE);
        RecordingInfo info = ended("ws-on");
        assertThat(info.input()).isTrue();
        assertThat(info.terminal()).isEqualTo("t-2");
        Cast cast = Cast.parse(text(info));
        assertThat(cast.data("i")).containsExactly("ls\r");
        assertThat(cast.data("o")).containsExactly("ls\r\nfile\r\n");
    }

    @Test
    void output_splitAnywhere_replaysByteExact_withResizesAndItsStartEvent() throws IOException {
        Recorder recorder = recorder(store, new RecordingPolicy(true, false));
        byte[] output = ("plain \u001b[32mgreen\u001b[0m é € 😀 \"q\" \\ \t\u0007\r\n").repeat(500)
                .getBytes(StandardCharsets.UTF_8);

        TerminalTap tap = recorder.open("ws-1", "t-1", 80, 24, null);
        byte[] announcement = tap.announcement();
        tap.output(ByteBuffer.wrap(announcement));
        split(tap, output, 7);
        tap.resize(132, 43);
        split(tap, output, 4093);
        tap.input(ByteBuffer.wrap("not recorded".getBytes(StandardCharsets.UTF_8)));
        tap.close();

        RecordingInfo info = ended("ws-1");
        Cast cast = Cast.parse(text(info));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(announcement);
        expected.writeBytes(output);
        expected.writeBytes(output);
        assertThat(cast.bytes("o")).isEqualTo(expected.toByteArray());
        assertThat(new String(announcement, StandardCharsets.US_ASCII)).contains("[this session is being recorded]");
        assertThat(cast.data("r")).containsExactly("132x43");
        assertThat(cast.data("i")).as("input is off").isEmpty();
        assertThat(cast.timesAscend()).isTrue();
        assertThat(cast.header().getInt("width")).isEqualTo(80);
        assertThat(info.input()).isFalse();
        assertThat(info.unrecordedBytes()).isZero();
        List<AuditEvent> events = new AuditQuery(store, KEYS).page(AuditFilter.ANY, null, AuditQuery.MAX_LIMIT).events();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("recording.start");
            assertThat(event.actor()).isEqualTo(AuditEvent.SYSTEM);
            assertThat(event.workspace()).isEqualTo("ws-1");
            assertThat(event.terminal()).isEqualTo("t-1");
            assertThat(event.details()).containsEntry("recording", info.id());
        });
    }

    @Test
    void largeOutput_storedInChunksOfAtMostAChunk_downloadedWhole() throws IOException {
        Recorder recorder = recorder(store, new RecordingPolicy(true, false));
        byte[] output = new byte[3_000_000];
        new Random(7).ints(output.length, 32, 127).forEach(new java.util.function.IntConsumer() {
            int at;

            @Override
            public void accept(int value) {
                output[at++] = (byte) value;
            }
        });

        TerminalTap tap = recorder.open("ws-1", "t-1", 80, 24, null);
        split(tap, output, 65_536);
        tap.close();

        RecordingInfo info = ended("ws-1");
        List<KeyValue> chunks = range(KEYS.recordingData("ws-1", info.id()).range());
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.value().length).isLessThanOrEqualTo(ChunkedValue.CHUNK_BYTES));
        assertThat(chunks.stream().mapToLong(chunk -> chunk.value().length).sum()).isEqualTo(info.bytes());
        assertThat(chunks.size()).isEqualTo((int) ((info.bytes() + ChunkedValue.CHUNK_BYTES - 1) / ChunkedValue.CHUNK_BYTES));
        assertThat(Cast.parse(text(info)).bytes("o")).isEqualTo(output);
        assertThat(recorder.active()).isZero();
    }

    @Test
    void storeBehind_pastTheBound_trafficCountedNotKept_andAMarkerSaysWhere() throws IOException {
        List<Runnable> flushes = new ArrayList<>();
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        RecordingInfo info = recordings.start("ws-1", "t-1", 80, 24, started(new RecordingPolicy(true, false))).orElseThrow();
        ActiveRecording recording = new ActiveRecording(info, Asciicast.header(80, 24, info.startedAt()), recordings,
                (flush, delay) -> flushes.add(flush), Clock.systemUTC(), 100_000, System.nanoTime(), ended -> { });

        byte[] block = "x".repeat(40_000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 4; i++) {
            recording.output(ByteBuffer.wrap(block));
        }
        // Room again for a small one: the gap is marked before it.
        recording.output(ByteBuffer.wrap("after".getBytes(StandardCharsets.UTF_8)));
        flushes.removeFirst().run();
        recording.output(ByteBuffer.wrap("resumed".getBytes(StandardCharsets.UTF_8)));
        recording.close();
        while (!flushes.isEmpty()) {
            flushes.removeFirst().run();
        }

        RecordingInfo stored = only("ws-1");
        assertThat(stored.unrecordedBytes()).isEqualTo(80_000);
        Cast cast = Cast.parse(text(stored));
        assertThat(cast.data("m")).containsExactly("80000 bytes not recorded: the store fell behind");
        assertThat(new String(cast.bytes("o"), StandardCharsets.UTF_8)).isEqualTo("x".repeat(80_000) + "after" + "resumed");
        assertThat(stored.endedAt()).isNotNull();
    }

    @Test
    void everyCommitAmbiguous_recordingStillExact() throws IOException {
        FaultInjectingStore ambiguous = new FaultInjectingStore(store, new FaultInjectingStore.Rates(1, 0, 0), 11);
        Recorder recorder = recorder(ambiguous, new RecordingPolicy(true, false));
        byte[] output = "line of output\r\n".repeat(2_000).getBytes(StandardCharsets.UTF_8);

        TerminalTap tap = recorder.open("ws-1", "t-1", 80, 24, null);
        split(tap, output, 1000);
        tap.close();

        RecordingInfo info = ended("ws-1");
        assertThat(ambiguous.rerunAfterCommit()).isPositive();
        assertThat(Cast.parse(text(info)).bytes("o")).isEqualTo(output);
        assertThat(export.exported()).hasSize(1);
    }

    @Test
    void serverStops_runningRecordingsEndWithEverythingQueued() throws IOException {
        Recorder recorder = recorder(store, new RecordingPolicy(true, false));
        TerminalTap tap = recorder.open("ws-1", "t-1", 80, 24, null);
        tap.output(ByteBuffer.wrap("last words\r\n".getBytes(StandardCharsets.UTF_8)));

        recorder.stop();
        tap.output(ByteBuffer.wrap("after the stop".getBytes(StandardCharsets.UTF_8)));
        tap.close();

        RecordingInfo info = only("ws-1");
        assertThat(info.endedAt()).isNotNull();
        assertThat(Cast.parse(text(info)).data("o")).containsExactly("last words\r\n");
        assertThat(recorder.active()).isZero();
    }

    @Test
    void retention_clearsRecordingsStartedBeforeItsEdge_only() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        RecordingStore old = recordings(store, Clock.fixed(now.minus(RETENTION).minusSeconds(60), ZoneOffset.UTC));
        RecordingStore recent = recordings(store, Clock.fixed(now.minus(RETENTION).plusSeconds(60), ZoneOffset.UTC));
        RecordingPolicy on = new RecordingPolicy(true, false);
        List<RecordingInfo> expired = new ArrayList<>();
        for (int i = 0; i < RecordingRetention.BATCH + 5; i++) {
            expired.add(old.start("ws-" + (i % 3), "t-" + i, 80, 24, started(on)).orElseThrow());
        }
        RecordingInfo kept = recent.start("ws-0", "t-kept", 80, 24, started(on)).orElseThrow();
        RecordingRetention retention = new RecordingRetention(store, KEYS, old,
                new RecordingSettings(on, RETENTION, 1 << 20), Clock.fixed(now, ZoneOffset.UTC));

        int cleared = retention.clearExpired();

        assertThat(cleared).isEqualTo(expired.size());
        assertThat(recent.list("ws-0", 1000)).extracting(RecordingInfo::id).containsExactly(kept.id());
        assertThat(recent.list("ws-1", 1000)).isEmpty();
        assertThat(range(KEYS.recordingData("ws-1", expired.get(1).id()).range())).isEmpty();
        assertThat(range(KEYS.recordingExpiries().range()))
                .singleElement().satisfies(entry -> assertThat(entry.key())
                        .isEqualTo(KEYS.recordingExpiries().pack(Tuple.from(kept.startedAt().toEpochMilli(), "ws-0", kept.id()))));
        assertThat(retention.clearExpired()).as("a second run finds nothing").isZero();
    }

    @Test
    void clearedWhileRunning_theRecordingStops() {
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        RecordingInfo info = recordings.start("ws-1", "t-1", 80, 24, started(new RecordingPolicy(true, false))).orElseThrow();
        store.transact(tx -> {
            tx.clearRange(KEYS.recordingDescriptions("ws-1").range());
            return null;
        });

        boolean kept = recordings.append(info, 0, List.of("more".getBytes(StandardCharsets.UTF_8)));

        assertThat(kept).isFalse();
        assertThat(range(KEYS.recordingData("ws-1", info.id()).range()))
                .singleElement().satisfies(chunk -> assertThat(new String(chunk.value(), StandardCharsets.UTF_8))
                        .startsWith("{\"version\":2"));
    }

    @Test
    void find_malformedOrUnknownIds_empty() {
        RecordingStore recordings = recordings(store, Clock.systemUTC());

        assertThat(recordings.find("ws-1", "../../etc")).isEmpty();
        assertThat(recordings.find("ws-1", "rec-0000000000001-deadbeef")).isEmpty();
        assertThat(recordings.find("ws-1", null)).isEmpty();
    }

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
    void retention_clearsTheTerminalsNoteOfItsLatestRecordingOnly() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        RecordingStore old = recordings(store, Clock.fixed(now.minus(RETENTION).minusSeconds(60), ZoneOffset.UTC));
        RecordingStore recent = recordings(store, Clock.fixed(now.minus(RETENTION).plusSeconds(60), ZoneOffset.UTC));
        RecordingPolicy on = new RecordingPolicy(true, false);
        old.start("ws-1", "t-gone", 80, 24, started(on)).orElseThrow();
        old.start("ws-1", "t-again", 80, 24, started(on)).orElseThrow();
        recent.start("ws-1", "t-again", 80, 24, new RecordingStart(RecordingPolicy.OFF, null, true, true)).orElseThrow();

        new RecordingRetention(store, KEYS, old, new RecordingSettings(on, RETENTION, 1 << 20),
                Clock.fixed(now, ZoneOffset.UTC)).clearExpired();

        assertThat(noted("t-gone")).isFalse();
        assertThat(noted("t-again")).isTrue();
    }

    private boolean noted(String terminalId) {
        Boolean present = store.read(tx -> tx.get(KEYS.recordingTerminal("ws-1", terminalId)).isPresent());
        return present;
    }

    @Test
    void gateway_requestsWhatThePolicySays_andWritesTheStartOnce() {
        RecordingStore recordings = recordings(store, Clock.systemUTC());
        io.coditect.audit.AuditLog log = export.logOver(store, KEYS, "gw");
        GatewayRecordings gateway = new GatewayRecordings(recordings, new RecordingSettings(RecordingPolicy.OFF, RETENTION,
                1 << 20), log, Clock.systemUTC());
        assertThat(gateway.request("ws-1")).isEqualTo(new RecordingRequest(false, false, null));
        gateway.started("ws-1", "t-1", gateway.request("ws-1"));
        assertThat(export.exported()).isEmpty();

        recordings.setPolicy("ws-1", new RecordingPolicy(true, true), log.event(io.coditect.audit.AuditAction.RECORDING_POLICY,
                "alice", io.coditect.audit.RequestOrigin.SERVER).withWorkspace("ws-1"));
        RecordingRequest request = gateway.request("ws-1");
        gateway.started("ws-1", "t-2", request);

        assertThat(request.enabled()).isTrue();
        assertThat(request.input()).isTrue();
        assertThat(RecordingIds.isWellFormed(request.id())).isTrue();
        assertThat(export.exported()).filteredOn(event -> event.action().equals("recording.start")).singleElement()
                .satisfies(event -> {
                    assertThat(event.terminal()).isEqualTo("t-2");
                    assertThat(event.details()).containsEntry("recording", request.id()).containsEntry("input", "true");
                });
    }
}
