package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.audit.RecordingExport;
import io.coditect.audit.RequestOrigin;
import io.coditect.recording.RecordingCopies;
import io.coditect.recording.RecordingInfo;
import io.coditect.recording.RecordingStore;
import io.coditect.store.ChunkedValue;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.terminal.TerminalIds;
import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceIds;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's copier against a fake agent (recordings as text in memory, answering as a
 * well-behaved or a hostile agent would) and the gateway's real embedded store: the copy follows
 * the agent's text as it grows, byte-exact, a piece of at most {@link RecordingCopier#PIECE_BYTES}
 * per call; it is idempotent (a piece copied twice, a transaction run twice) and carries on after
 * a restart of the gateway; an answer that is not the recording stops that recording's copy only,
 * keeping what was copied; a change on the agent's side after the copy changes nothing copied.
 */
class RecordingCopierTest {
    private static final KeyLayout KEYS = new KeyLayout("test");

    @TempDir
    Path dir;
    private EmbeddedStore store;
    private final RecordingExport export = new RecordingExport();
    private final FakeAgentRecordings agent = new FakeAgentRecordings();
    private String workspace;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir.resolve("gateway.mv.db"), 4000, 2000);
        workspace = running(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void copiesWhileItRuns_thenTheRest_byteExact_inChunksOfTheStandaloneLayout() throws IOException {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        RecordingCopier copier = copier(store);
        begin(store, held);

        held.lines(200, 60);
        assertThat(copier.copy(workspace, held.id, RecordingCopier.PIECES_PER_ROUND)).isEqualTo(RecordingCopier.Outcome.CAUGHT_UP);
        RecordingInfo running = described(store, held.id);
        assertThat(running.copy()).isEqualTo(RecordingInfo.COPYING);
        assertThat(running.bytes()).isEqualTo(held.text.length);
        assertThat(downloaded(store, held.id)).isEqualTo(held.text);

        held.lines(20_000, 50);
        held.end();
        long started = System.nanoTime();
        assertThat(copier.copy(workspace, held.id, RecordingCopier.PIECES_PER_ROUND)).isEqualTo(RecordingCopier.Outcome.COMPLETE);
        // A figure for the report, not a check: the gateway's side of a copy (checks and store writes) on this machine.
        System.out.printf("copied %d bytes in %d pieces into the embedded store in %d ms%n", held.text.length - running.bytes(),
                agent.reads.size() - 1, (System.nanoTime() - started) / 1_000_000);

        RecordingInfo complete = described(store, held.id);
        assertThat(complete.copy()).isEqualTo(RecordingInfo.COMPLETE);
        assertThat(complete.endedAt()).isEqualTo(held.endedAt);
        assertThat(complete.bytes()).isEqualTo(held.text.length).isGreaterThan(3L * RecordingCopier.PIECE_BYTES);
        assertThat(downloaded(store, held.id)).isEqualTo(held.text);
        List<KeyValue> chunks = range(store, KEYS.recordingData(workspace, held.id).range());
        assertThat(chunks).hasSize((held.text.length + ChunkedValue.CHUNK_BYTES - 1) / ChunkedValue.CHUNK_BYTES);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(chunk ->
                assertThat(chunk.value()).hasSize(ChunkedValue.CHUNK_BYTES));
        assertThat(range(store, KEYS.recordingCopies().range())).as("the work list").isEmpty();
        assertThat(copier.copy(workspace, held.id, 1)).isEqualTo(RecordingCopier.Outcome.NOT_COPYING);
    }

    @Test
    void bounded_noMoreThanAPiecePerCall_andPiecesPerRound_aDownloadEndsAtAWholeLine() throws IOException {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        RecordingCopier copier = copier(store);
        begin(store, held);
        held.lines(40_000, 70);

        assertThat(copier.copy(workspace, held.id, 3)).isEqualTo(RecordingCopier.Outcome.MORE);

        assertThat(agent.reads).hasSize(3).allSatisfy(read -> assertThat(read.length()).isEqualTo(RecordingCopier.PIECE_BYTES));
        assertThat(agent.reads).extracting(FakeAgentRecordings.Read::from).containsExactly(0L, (long) RecordingCopier.PIECE_BYTES,
                2L * RecordingCopier.PIECE_BYTES);
        RecordingInfo info = described(store, held.id);
        assertThat(info.bytes()).isLessThanOrEqualTo(3L * RecordingCopier.PIECE_BYTES).isGreaterThan(0);
        byte[] text = downloaded(store, held.id);
        assertThat(text).isEqualTo(Arrays.copyOf(held.text, text.length));
        assertThat(text[text.length - 1]).as("a download ends with a whole line").isEqualTo((byte) '\n');
    }

    @Test
    void idempotent_aPieceCopiedTwiceIsStoredOnce_andTransactionsThatRunAgainChangeNothing() throws IOException {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        RecordingCopies copies = copies(store);
        begin(store, held);
        held.lines(500, 80);
        RecordingCopies.Progress start = copies.progress(workspace, held.id).orElseThrow();
        byte[] piece = Arrays.copyOf(held.text, 25_000);

        assertThat(copies.append(start, piece, 0)).isTrue();
        assertThat(copies.append(start, piece, 0)).as("the same piece again: appended already").isTrue();
        assertThat(copies.append(start, Arrays.copyOf(piece, 100), 0)).as("another piece from there").isFalse();
        assertThat(range(store, KEYS.recordingData(workspace, held.id).range())).hasSize(3);
        assertThat(copies.progress(workspace, held.id).orElseThrow().copied()).isEqualTo(25_000);

        // Every transaction of a whole copy run again, or failing and retried, as FoundationDB's retry loop does.
        held.lines(30_000, 40);
        held.end();
        // (Not closed: that would close the embedded store under it.)
        FaultInjectingStore faulty = new FaultInjectingStore(store, FaultInjectingStore.Rates.standard(), 17);
        RecordingCopier copier = copier(faulty);
        RecordingCopier.Outcome outcome = RecordingCopier.Outcome.MORE;
        for (int round = 0; round < 100 && outcome != RecordingCopier.Outcome.COMPLETE; round++) {
            outcome = copier.copy(workspace, held.id, 2);
        }
        assertThat(outcome).as(faulty.report()).isEqualTo(RecordingCopier.Outcome.COMPLETE);
        assertThat(downloaded(store, held.id)).isEqualTo(held.text);
        assertThat(range(store, KEYS.recordingData(workspace, held.id).range()))
                .hasSize((held.text.length + ChunkedValue.CHUNK_BYTES - 1) / ChunkedValue.CHUNK_BYTES);
    }

    @Test
    void aRestartedGateway_carriesOnWhereTheCopyStood() throws IOException {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        begin(store, held);
        held.lines(20_000, 60);
        assertThat(copier(store).copy(workspace, held.id, 2)).isEqualTo(RecordingCopier.Outcome.MORE);
        long copied = 2L * RecordingCopier.PIECE_BYTES;
        store.close();
        agent.reads.clear();

        store = EmbeddedStore.open(dir.resolve("gateway.mv.db"), 4000, 2000);
        held.end();
        copier(store).round();

        assertThat(agent.reads.getFirst().from()).as("the restarted gateway asks from where the copy stood").isEqualTo(copied);
        assertThat(described(store, held.id).copy()).isEqualTo(RecordingInfo.COMPLETE);
        assertThat(downloaded(store, held.id)).isEqualTo(held.text);
    }

    @Test
    void anAnswerThatIsNotTheRecording_stopsThatCopyOnly_keepingWhatWasCopied() throws IOException {
        Map<String, FakeAgentRecordings.Hostility> hostile = new HashMap<>();
        hostile.put("a longer piece than asked", FakeAgentRecordings.Hostility.piece(piece -> Arrays.copyOf(piece, piece.length + 1)));
        hostile.put("a shorter piece than asked", FakeAgentRecordings.Hostility.piece(piece -> Arrays.copyOf(piece, piece.length - 1)));
        hostile.put("binary garbage", FakeAgentRecordings.Hostility.piece(piece -> garbage(piece.length)));
        hostile.put("a piece cut inside a line", FakeAgentRecordings.Hostility.piece(piece -> {
            byte[] cut = piece.clone();
            cut[cut.length - 1] = 'x';
            return cut;
        }));
        hostile.put("a description of another terminal", FakeAgentRecordings.Hostility.info(info -> new RecordingInfo(info.id(), info.workspace(),
                TerminalIds.generate(), info.startedAt(), null, 80, 24, false, info.bytes(), 0, null)));
        hostile.put("a recording shorter than the copy", FakeAgentRecordings.Hostility.info(info -> info.progressed(100, 0, null)));
        hostile.put("no such recording any more", FakeAgentRecordings.Hostility.info(info -> null));
        hostile.put("a description out of shape", FakeAgentRecordings.Hostility.info(info -> info.progressed(-1, 0, null)));
        RecordingCopier copier = copier(store);
        Map<String, FakeAgentRecordings.Held> recordings = new HashMap<>();
        Map<String, byte[]> before = new HashMap<>();
        for (String kind : hostile.keySet()) {
            FakeAgentRecordings.Held held = agent.begin(workspace);
            begin(store, held);
            held.lines(300, 50);
            assertThat(copier.copy(workspace, held.id, RecordingCopier.PIECES_PER_ROUND)).isEqualTo(RecordingCopier.Outcome.CAUGHT_UP);
            before.put(kind, downloaded(store, held.id));
            held.lines(300, 50);
            held.hostile = hostile.get(kind);
            recordings.put(kind, held);
        }
        FakeAgentRecordings.Held good = agent.begin(workspace);
        begin(store, good);
        good.lines(1000, 50);
        good.end();

        copier.round();

        for (Map.Entry<String, FakeAgentRecordings.Held> entry : recordings.entrySet()) {
            RecordingInfo info = described(store, entry.getValue().id);
            assertThat(info.copy()).as(entry.getKey()).isEqualTo(RecordingInfo.STOPPED);
            assertThat(downloaded(store, entry.getValue().id)).as(entry.getKey()).isEqualTo(before.get(entry.getKey()));
        }
        assertThat(described(store, good.id).copy()).as("the well-behaved recording").isEqualTo(RecordingInfo.COMPLETE);
        assertThat(downloaded(store, good.id)).isEqualTo(good.text);
        assertThat(range(store, KEYS.recordingCopies().range())).isEmpty();
    }

    @Test
    void changedOrDeletedOnTheAgentAfterTheCopy_theCopyStaysAsItWas() throws IOException {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        RecordingCopier copier = copier(store);
        begin(store, held);
        held.lines(2000, 50);
        copier.copy(workspace, held.id, RecordingCopier.PIECES_PER_ROUND);
        byte[] copied = downloaded(store, held.id);

        // The workspace's user rewrites what was recorded, keeping its length, and the recording goes on.
        Arrays.fill(held.text, 100, 5000, (byte) 'x');
        held.lines(100, 50);
        held.end();
        copier.copy(workspace, held.id, RecordingCopier.PIECES_PER_ROUND);

        byte[] now = downloaded(store, held.id);
        assertThat(Arrays.copyOf(now, copied.length)).isEqualTo(copied);
        assertThat(described(store, held.id).copy()).isEqualTo(RecordingInfo.COMPLETE);

        agent.recordings.remove(held.id);
        copier.round();
        assertThat(downloaded(store, held.id)).isEqualTo(now);
    }

    @Test
    void anAgentThatCannotBeReached_orAStoppedWorkspace_onlyDelaysTheCopy() throws IOException {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        RecordingCopier copier = copier(store);
        begin(store, held);
        held.lines(100, 50);
        agent.unreachable = true;
        copier.round();
        copier.copyNow(workspace, held.id);
        assertThat(described(store, held.id).copy()).isEqualTo(RecordingInfo.COPYING);
        assertThat(described(store, held.id).bytes()).isZero();

        agent.unreachable = false;
        new WorkspaceRepository(store, KEYS).update(workspace, ws -> ws.withPhase(Phase.of(WorkspaceStatus.STOPPED), Instant.now()));
        copier.round();
        assertThat(agent.reads).as("no agent is asked for a stopped workspace's recordings").isEmpty();

        new WorkspaceRepository(store, KEYS).update(workspace, ws -> ws.withPhase(Phase.running(), Instant.now()));
        held.end();
        copier.round();
        assertThat(described(store, held.id).copy()).isEqualTo(RecordingInfo.COMPLETE);
        assertThat(downloaded(store, held.id)).isEqualTo(held.text);
    }

    @Test
    void aDeletedWorkspace_endsItsCopies_andNothingIsWrittenAgain_norBegun() {
        FakeAgentRecordings.Held held = agent.begin(workspace);
        RecordingCopier copier = copier(store);
        begin(store, held);
        held.lines(100, 50);
        WorkspaceRepository workspaces = new WorkspaceRepository(store, KEYS);

        workspaces.delete(workspaces.find(workspace).orElseThrow());

        assertThat(range(store, KEYS.recordingCopies().range())).isEmpty();
        assertThat(copier.copy(workspace, held.id, 1)).isEqualTo(RecordingCopier.Outcome.NOT_COPYING);
        // A terminal started just before the delete: its event is written, no copy begins.
        begin(store, agent.begin(workspace));
        assertThat(range(store, KEYS.workspace(workspace).range())).isEmpty();
        assertThat(range(store, KEYS.recordingCopies().range())).isEmpty();
        assertThat(export.exported()).filteredOn(event -> event.action().equals("recording.start")).hasSize(2);
    }

    private RecordingCopier copier(KeyValueStore over) {
        return new RecordingCopier(copies(over), new WorkspaceRepository(over, KEYS), agent);
    }

    private RecordingCopies copies(KeyValueStore over) {
        return new RecordingCopies(over, KEYS, recordings(over), log(over));
    }

    private RecordingStore recordings(KeyValueStore over) {
        return new RecordingStore(over, KEYS, log(over));
    }

    private AuditLog log(KeyValueStore over) {
        return export.logOver(over, KEYS, "gateway-a");
    }

    /** What the gateway does when the agent has started the recorded terminal. */
    private void begin(KeyValueStore over, FakeAgentRecordings.Held held) {
        AuditEvent event = log(over).event(AuditAction.RECORDING_START, AuditEvent.SYSTEM, RequestOrigin.SERVER)
                .withWorkspace(workspace).withTerminal(held.terminal).withDetail("recording", held.id);
        copies(over).begin(held.info().withCopy(RecordingInfo.COPYING), event);
    }

    private RecordingInfo described(KeyValueStore over, String id) {
        return recordings(over).find(workspace, id).orElseThrow();
    }

    private byte[] downloaded(KeyValueStore over, String id) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        recordings(over).copy(described(over, id), out);
        return out.toByteArray();
    }

    private static List<KeyValue> range(KeyValueStore over, com.apple.foundationdb.Range range) {
        return over.read(tx -> tx.getRange(range));
    }

    private static String running(KeyValueStore over) {
        String id = WorkspaceIds.generate();
        Instant now = Instant.now();
        new WorkspaceRepository(over, KEYS).insert(new Workspace(id, "copied", "alice", WorkspaceStatus.RUNNING,
                Progress.READY, null, now, now, now), owners -> { });
        return id;
    }

    private static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
