package io.coditect.workspace;

import io.coditect.audit.RecordingExport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.auth.Caller;
import io.coditect.platform.DataDirectory;
import io.coditect.platform.ServerRole;
import io.coditect.platform.error.ApiException;
import io.coditect.store.KeyLayout;
import io.coditect.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that dies between the two steps of a change (recording it, then asking the
 * provisioner) leaves a {@code stopping} or {@code creating} record behind; the next server
 * reconciles it, on its timer and before the next start or stop, over the real embedded store and
 * local provisioner.
 */
class StuckWorkspacesTest {
    private static final Caller ALICE = new Caller("alice", Set.of("user"));
    private static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    EmbeddedStore store;
    WorkspaceRepository repository;
    final CrashingProvisioner provisioner = new CrashingProvisioner();

    /** The process dying inside a provisioner call: nothing after it runs, nothing is put back. */
    static final class Crash extends RuntimeException {
    }

    /** The local provisioner, which can crash before it stops or creates anything, and counts its calls. */
    final class CrashingProvisioner implements Provisioner {
        Provisioner local;
        boolean crashOnStop;
        boolean crashOnCreate;
        final List<String> calls = new ArrayList<>();

        @Override
        public Phase create(Workspace workspace) {
            calls.add("create");
            if (crashOnCreate) {
                throw new Crash();
            }
            return local.create(workspace);
        }

        @Override
        public Phase start(Workspace workspace) {
            calls.add("start");
            return local.start(workspace);
        }

        @Override
        public Phase stop(Workspace workspace) {
            calls.add("stop");
            if (crashOnStop) {
                throw new Crash();
            }
            return local.stop(workspace);
        }

        @Override
        public void delete(Workspace workspace) {
            local.delete(workspace);
        }

        @Override
        public void watch(Consumer<Observation> observer) {
        }
    }

    @BeforeEach
    void setUp() {
        store = EmbeddedStore.open(dir.resolve("store/store.mv.db"), 4000, 2000);
        repository = new WorkspaceRepository(store, new KeyLayout("test"));
        provisioner.local = new LocalProvisioner(new DataDirectory(dir.toString()),
                new AgentWorkspace(new ServerRole("standalone"), Optional.empty(), dir.resolve("unused").toString()));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private WorkspaceService server() {
        return new WorkspaceService(repository, provisioner, new WorkspaceQuotas(10, 3), new WorkspaceProgress(),
                new WorkspaceMetrics() {
                    @Override
                    public void reachedRunning(Duration sinceStartAsked) {
                    }
                }, new WorkspaceActivity(), new WorkspaceEndings() {
                    @Override
                    public void stopped(String workspaceId) {
                    }
                }, new RecordingExport().logOver(store, new KeyLayout("test"), "test"));
    }

    private StuckWorkspaces stuck(WorkspaceService service, Duration later) {
        return new StuckWorkspaces(service, repository, STUCK_AFTER, true, Clock.offset(Clock.systemUTC(), later));
    }

    @Test
    void crashBetweenRecordingStoppingAndScalingDown_nextStartReconcilesThenStarts() {
        Workspace workspace = server().create(ALICE, new CreateWorkspaceRequest("p"));
        provisioner.crashOnStop = true;
        assertThatThrownBy(() -> server().stop(ALICE, workspace.id())).isInstanceOf(Crash.class);
        assertThat(repository.find(workspace.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.STOPPING);

        // The restarted server: the provisioner works again.
        provisioner.crashOnStop = false;
        WorkspaceService restarted = server();
        assertThatThrownBy(() -> restarted.start(ALICE, workspace.id())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("workspace_busy"));
        stuck(restarted, Duration.ZERO).settle(workspace.id());
        assertThat(repository.find(workspace.id()).orElseThrow().status()).as("not yet stuck: left alone")
                .isEqualTo(WorkspaceStatus.STOPPING);

        stuck(restarted, STUCK_AFTER.plusSeconds(1)).settle(workspace.id());

        assertThat(repository.find(workspace.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.STOPPED);
        assertThat(provisioner.calls).containsSubsequence("stop", "stop");
        assertThat(restarted.start(ALICE, workspace.id()).status()).isEqualTo(WorkspaceStatus.RUNNING);
    }

    @Test
    void crashBeforeCreating_timerFinishesTheCreate() {
        provisioner.crashOnCreate = true;
        assertThatThrownBy(() -> server().create(ALICE, new CreateWorkspaceRequest("p"))).isInstanceOf(Crash.class);
        Workspace left = repository.listByOwner("alice").get(0);
        assertThat(left.status()).isEqualTo(WorkspaceStatus.CREATING);
        provisioner.crashOnCreate = false;

        stuck(server(), STUCK_AFTER.plusSeconds(1)).round();

        assertThat(repository.find(left.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.RUNNING);
        assertThat(provisioner.calls).endsWith("start");
    }

    @Test
    void timerRound_stuckStoppingOfSeveral_onlyStaleOnesReconciled() {
        Workspace stale = stored(WorkspaceStatus.STOPPING, Instant.now().minus(STUCK_AFTER).minusSeconds(5));
        Workspace fresh = stored(WorkspaceStatus.STOPPING, Instant.now());
        Workspace running = stored(WorkspaceStatus.RUNNING, Instant.now().minus(Duration.ofHours(1)));

        stuck(server(), Duration.ZERO).round();

        assertThat(repository.find(stale.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.STOPPED);
        assertThat(repository.find(fresh.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.STOPPING);
        assertThat(repository.find(running.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.RUNNING);
    }

    private Workspace stored(WorkspaceStatus status, Instant at) {
        Workspace workspace = new Workspace(WorkspaceIds.generate(), "p", "alice", status, null, null, at, at, at);
        repository.insert(workspace, owners -> { });
        return workspace;
    }
}
