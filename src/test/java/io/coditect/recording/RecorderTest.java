package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditFilter;
import io.coditect.audit.AuditQuery;
import io.coditect.store.ChunkedValue;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyValue;
import io.coditect.terminal.TerminalTap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Recording on the embedded store: what the policy records, byte-exact output, input and resizes,
 * chunked writes, the bound on what waits for the store, ambiguous commits, a server that stops,
 * a recording cleared while it runs.
 */
class RecorderTest extends RecorderFixture {
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
}
