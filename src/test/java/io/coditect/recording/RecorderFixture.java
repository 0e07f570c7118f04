package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.audit.RecordingExport;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.terminal.TerminalTap;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the recording tests share: an embedded store per test, the audit export the recorders write
 * to, recorders stopped after each test, and reading back what was recorded.
 */
abstract class RecorderFixture {
    static final KeyLayout KEYS = new KeyLayout("test");
    static final Duration RETENTION = Duration.ofDays(30);

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

    RecordingStore recordings(KeyValueStore over, Clock clock) {
        return new RecordingStore(over, KEYS, export.logOver(over, KEYS, "replica-a"), clock);
    }

    Recorder recorder(KeyValueStore over, RecordingPolicy deployment) {
        return recorder(over, deployment, Clock.systemUTC());
    }

    /** A recorder whose recordings start at {@code clock}'s time (stopped after the test). */
    Recorder recorder(KeyValueStore over, RecordingPolicy deployment, Clock clock) {
        Recorder recorder = new Recorder(recordings(over, clock), new RecordingSettings(deployment, RETENTION, 8 << 20),
                true, clock);
        recorders.add(recorder);
        return recorder;
    }

    /** A workspace's record, as the gateway's store has one for each workspace whose recordings it copies. */
    void workspace(String id) {
        Instant now = Instant.now();
        new WorkspaceRepository(store, KEYS).insert(new Workspace(id, "recorded", "alice", WorkspaceStatus.RUNNING,
                Progress.READY, null, now, now, now), owners -> { });
    }

    static RecordingStart started(RecordingPolicy deployment) {
        return new RecordingStart(deployment, null, false, true);
    }

    RecordingInfo only(String workspaceId) {
        List<RecordingInfo> listed = recordings(store, Clock.systemUTC()).list(workspaceId, 10);
        assertThat(listed).hasSize(1);
        return listed.getFirst();
    }

    RecordingInfo ended(String workspaceId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> only(workspaceId).endedAt() != null);
        return only(workspaceId);
    }

    String text(RecordingInfo info) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        recordings(store, Clock.systemUTC()).copy(info, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    List<KeyValue> range(com.apple.foundationdb.Range range) {
        return store.read(tx -> tx.getRange(range));
    }

    static void split(TerminalTap tap, byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            tap.output(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)));
        }
    }
}
