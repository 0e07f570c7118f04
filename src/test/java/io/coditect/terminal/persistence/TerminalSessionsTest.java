package io.coditect.terminal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.platform.ServerRole;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.engine.LocalTerminalHost;
import io.coditect.testing.RecordingChannel;
import io.coditect.testing.SilentTerminalListener;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalState;
import io.coditect.workspace.AgentWorkspace;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminal sessions saved to the real embedded store and restored by a second server on the same
 * store and data directory, with real bash on real PTYs. A "server" here is what the application
 * runs: the sessions' writer and a local host; stopping one is what a crash or a shutdown leaves.
 */
class TerminalSessionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WS = "ws-000000000001";

    @TempDir
    Path data;

    private final KeyLayout keys = new KeyLayout("test");
    private FaultInjectingStore store;
    private WorkspaceRepository workspaces;
    private Server server;
    private final List<String> restores = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One server's terminal side: its session writer and its host. */
    private final class Server {
        final TerminalSessions sessions;
        final LocalTerminalHost host;
        private boolean stopped;

        Server(long saveIntervalMillis, long graceSeconds) {
            TerminalSettings settings = new TerminalSettings(List.of("/bin/bash", "/bin/sh"), 262_144, 131_072,
                    65_536, 1_048_576, 20, graceSeconds, 30, 25, "xterm-256color");
            RestorableWorkspaces restorable = new RestorableWorkspaces(new ServerRole("standalone"), store, keys, workspaces,
                new AgentWorkspace(new ServerRole("standalone"), Optional.empty(), "/workspace"));
            sessions = new TerminalSessions(store, keys, settings, data.resolve("terminals"), restorable::plan,
                    saveIntervalMillis, (workspaceId, terminalId, offset) -> restores.add(workspaceId + "/" + terminalId));
            host = new LocalTerminalHost(settings, new SilentTerminalListener(), TerminalSessionsTest.this::workspaceDirectory,
                    Clock.systemUTC(), sessions);
            sessions.start();
        }

        /** The application stops: the last save, then the shells end. */
        void shutdown() {
            if (!stopped) {
                stopped = true;
                sessions.stop();
                host.shutdown();
                sessions.close();
            }
        }

        /** The process dies: nothing more is saved, the shells end with it. */
        void crash() {
            stopped = true;
            sessions.close();
            host.shutdown();
        }
    }

    @BeforeEach
    void open() {
        store = FaultInjectingStore.over(EmbeddedStore.open(data.resolve("store.mv.db"), 2000, 2000));
        workspaces = new WorkspaceRepository(store, keys);
        running(WS);
        server = new Server(200, 1800);
    }

    @AfterEach
    void close() throws Exception {
        server.shutdown();
        System.out.println(getClass().getSimpleName() + ": " + store.report());
        store.close();
    }

    @Test
    void restart_afterCrash_sessionBackWithDirectoryEnvironmentHistoryAndOutput() {
        String id = bash();
        Client before = attach(id, OptionalLong.empty());
        before.type("cd /tmp\r");
        before.type("export FOO=bar\r");
        before.type("echo before-$((6*7))\r");
        await().atMost(WAIT).until(() -> before.text().contains("before-42"));
        long seen = before.offset();
        await().atMost(WAIT).until(() -> saved(id).filter(s -> s.cwd().equals("/tmp")
                && "bar".equals(s.env().get("FOO")) && s.history().contains("echo before-$((6*7))")
                && s.offset() >= seen).isPresent());

        server.crash();
        long offset = saved(id).orElseThrow().offset();
        server = new Server(200, 1800);

        await().atMost(WAIT).until(() -> !server.host.list(WS).isEmpty());
        TerminalInfo listed = server.host.find(WS, id).orElseThrow();
        assertThat(listed.state()).isEqualTo(TerminalState.RESTORABLE);
        assertThat(listed.offset()).isEqualTo(offset);
        assertThat(listed.clients()).isZero();

        Client after = attach(id, OptionalLong.empty());
        after.type("echo \"$(pwd)|$FOO|\"; history | grep -c 'before-\\$'\r");
        // The count is the line after the directory's: wait for it whole, whatever it says.
        await().atMost(WAIT).until(() -> after.text().matches("(?s).*/tmp\\|bar\\|\\r\\n\\d+\\r\\n.*"));
        String text = after.text();
        assertThat(text.indexOf("before-42")).isLessThan(text.indexOf("[session restored]"));
        assertThat(text.substring(text.indexOf("/tmp|bar|"))).containsPattern("\\r\\n1\\r\\n");
        assertThat(after.events()).first().asString().contains("\"attached\"");
        assertThat(after.events()).contains("{\"type\":\"restored\",\"offset\":" + offset + "}");
        assertThat(server.host.find(WS, id).orElseThrow().state()).isEqualTo(TerminalState.RUNNING);
    }

    @Test
    void restart_clientReattachesAtItsOffset_replayStartsThereThenMarker() {
        String id = bash();
        Client before = attach(id, OptionalLong.empty());
        before.type("echo one-$((1+1))\r");
        await().atMost(WAIT).until(() -> before.text().contains("one-2"));
        long offset = before.offset();
        await().atMost(WAIT).until(() -> saved(id).filter(s -> s.offset() >= offset).isPresent());
        server.crash();
        long savedEnd = saved(id).orElseThrow().offset();
        server = new Server(200, 1800);
        await().atMost(WAIT).until(() -> server.host.find(WS, id).isPresent());

        Client after = attach(id, OptionalLong.of(offset));

        await().atMost(WAIT).until(() -> after.text().contains("[session restored]"));
        assertThat(after.events()).startsWith("{\"type\":\"attached\",\"offset\":" + offset + ",\"truncated\":false}",
                "{\"type\":\"restored\",\"offset\":" + savedEnd + "}");
        byte[] received = after.bytes();
        assertThat(new String(received, (int) (savedEnd - offset), RestoredSession.MARKER.length, StandardCharsets.UTF_8))
                .isEqualTo(new String(RestoredSession.MARKER, StandardCharsets.UTF_8));
    }

    @Test
    void shutdown_outputJustBeforeStop_savedByTheLastSave() {
        server.shutdown();
        server = new Server(60_000, 1800);
        String id = bash();
        Client before = attach(id, OptionalLong.empty());
        before.type("echo late-$((3*3))\r");
        await().atMost(WAIT).until(() -> before.text().contains("late-9"));

        server.shutdown();
        server = new Server(60_000, 1800);
        await().atMost(WAIT).until(() -> server.host.find(WS, id).isPresent());

        Client after = attach(id, OptionalLong.of(0));
        await().atMost(WAIT).until(() -> after.text().contains("[session restored]"));
        assertThat(after.text()).contains("late-9");
    }

    @Test
    void deleteAndExit_savedStateRemoved_notBackAfterRestart() {
        String deleted = bash();
        String exited = bash();
        String kept = bash();
        await().atMost(WAIT).until(() -> storedIds().size() == 3);

        server.host.delete(WS, deleted);
        attach(exited, OptionalLong.empty()).type("exit\r");

        await().atMost(WAIT).until(() -> storedIds().equals(List.of(kept)));
        assertThat(data.resolve("terminals").resolve(WS).resolve(deleted)).doesNotExist();
        assertThat(data.resolve("terminals").resolve(WS).resolve(exited)).doesNotExist();
        assertThat(data.resolve("terminals").resolve(WS).resolve(kept)).isDirectory();
        server.crash();
        server = new Server(200, 1800);
        await().atMost(WAIT).until(() -> !server.host.list(WS).isEmpty());
        assertThat(server.host.list(WS)).extracting(TerminalInfo::id).containsExactly(kept);
    }

    @Test
    void delete_restorableSession_goneFromListAndStore() {
        String id = bash();
        await().atMost(WAIT).until(() -> storedIds().size() == 1);
        server.crash();
        server = new Server(200, 1800);
        await().atMost(WAIT).until(() -> server.host.find(WS, id).isPresent());

        assertThat(server.host.delete(WS, id)).isTrue();

        assertThat(server.host.list(WS)).isEmpty();
        await().atMost(WAIT).until(() -> storedIds().isEmpty());
        assertThat(server.host.delete(WS, id)).isFalse();
    }

    @Test
    void workspaceEnded_everySavedSessionOfItRemoved() {
        bash();
        bash();
        await().atMost(WAIT).until(() -> storedIds().size() == 2);

        server.host.deleteAll(WS);

        await().atMost(WAIT).until(() -> storedIds().isEmpty());
        assertThat(server.host.list(WS)).isEmpty();
    }

    @Test
    void start_workspaceStoppedWhileSaved_itsSessionsDiscarded() {
        bash();
        await().atMost(WAIT).until(() -> storedIds().size() == 1);
        server.crash();
        workspaces.update(WS, w -> w.withPhase(io.coditect.workspace.Phase.of(WorkspaceStatus.STOPPED), Instant.now()));

        server = new Server(200, 1800);

        await().atMost(WAIT).until(() -> storedIds().isEmpty());
        assertThat(server.host.list(WS)).isEmpty();
    }

    @Test
    void restorable_nobodyAttachesWithinGrace_forgotten() {
        bash();
        await().atMost(WAIT).until(() -> storedIds().size() == 1);
        server.crash();

        server = new Server(200, 1);

        await().atMost(WAIT).until(() -> storedIds().isEmpty());
        assertThat(server.host.list(WS)).isEmpty();
    }

    @Test
    void save_heavyOutput_lastTailKeptInFewChunksAndOffsetsContinue() {
        String id = bash();
        Client before = attach(id, OptionalLong.empty());
        before.type("for i in $(seq 1 40000); do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done; echo done-$((2*50))\r");
        await().atMost(WAIT).until(() -> before.text().contains("done-100"));
        long seen = before.offset();
        await().atMost(WAIT).until(() -> saved(id).filter(s -> s.offset() >= seen).isPresent());
        server.crash();
        long offset = saved(id).orElseThrow().offset();

        int chunks = store.read(tx -> tx.getRange(keys.terminalOutputTail(WS, id).range())).size();
        assertThat(chunks).isBetween(SavedOutput.TAIL_BYTES / 10_000, SavedOutput.TAIL_BYTES / 10_000 + 30);
        server = new Server(200, 1800);
        await().atMost(WAIT).until(() -> server.host.find(WS, id).isPresent());
        assertThat(server.host.find(WS, id).orElseThrow().ringStart()).isEqualTo(offset - SavedOutput.TAIL_BYTES);

        Client after = attach(id, OptionalLong.empty());
        await().atMost(WAIT).until(() -> after.text().contains("[session restored]"));
        // The marker and the new prompt push the oldest saved bytes out of the ring.
        long replayedFrom = Long.parseLong(after.events().getFirst().replaceAll(".*\"offset\":(\\d+).*", "$1"));
        assertThat(replayedFrom).isBetween(offset - SavedOutput.TAIL_BYTES, offset - SavedOutput.TAIL_BYTES + 1000);
        assertThat(after.events().getFirst()).contains("\"truncated\":true");
        assertThat(after.text()).contains("line-40000-", "done-100");
    }

    @Test
    void shell_sh_restoredInItsDirectoryWithItsEnvironment() throws IOException {
        Files.createDirectories(workspaceDirectory(WS).resolve("sub"));
        String id = server.host.create(WS, new TerminalSpec("/bin/sh", "sub", 80, 24, Map.of("GREETING", "hi"))).id();
        await().atMost(WAIT).until(() -> saved(id).filter(s -> s.cwd().endsWith("/sub")).isPresent());
        server.crash();
        server = new Server(200, 1800);
        await().atMost(WAIT).until(() -> server.host.find(WS, id).isPresent());

        Client after = attach(id, OptionalLong.empty());
        after.type("echo \"$(pwd)|$GREETING|\"\r");

        await().atMost(WAIT).until(() -> after.text().contains("/sub|hi|"));
        assertThat(server.host.find(WS, id).orElseThrow().cwd()).isEqualTo("sub");
        await().atMost(WAIT).until(() -> !restores.isEmpty());
        assertThat(restores).as("one restore, told once").containsExactly(WS + "/" + id);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Path workspaceDirectory(String workspaceId) {
        try {
            return Files.createDirectories(data.resolve("workspaces").resolve(workspaceId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void running(String id) {
        Instant now = Instant.now();
        workspaces.insert(new Workspace(id, "w", "alice", WorkspaceStatus.RUNNING, Progress.READY, null, now, now, now),
                others -> { });
    }

    private String bash() {
        return server.host.create(WS, new TerminalSpec("/bin/bash", null, 80, 24, Map.of())).id();
    }

    private Client attach(String id, OptionalLong offset) {
        Client client = new Client();
        client.attachment = server.host.attach(WS, id, offset, client);
        return client;
    }

    private Optional<SavedSession> saved(String id) {
        return store.read(tx -> tx.get(keys.terminalState(WS, id))).flatMap(SessionCodec::decode);
    }

    private List<String> storedIds() {
        return store.read(tx -> keys.terminalIds(tx, WS));
    }

    /** A client whose sends complete at once. */
    /** A recording client that can type into its attachment. */
    private static final class Client extends RecordingChannel {
        Attachment attachment;

        void type(String text) {
            attachment.input(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
