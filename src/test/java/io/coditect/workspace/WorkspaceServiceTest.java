package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.audit.RecordingExport;
import io.coditect.auth.Caller;
import io.coditect.platform.DataDirectory;
import io.coditect.platform.ServerRole;
import io.coditect.platform.error.ApiException;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life-cycle rules that the REST API cannot reach on a standalone server (a workspace caught
 * deleting or creating, the cluster's reports), over the real embedded store and local provisioner.
 */
class WorkspaceServiceTest {
    private static final Caller ALICE = new Caller("alice", Set.of("user"));
    private static final Caller BOB = new Caller("bob", Set.of("user"));
    private static final Caller ADMIN = new Caller("root", Set.of("user", "admin"));

    @TempDir
    Path dir;
    EmbeddedStore embedded;
    FaultInjectingStore store;
    WorkspaceRepository repository;
    WorkspaceService service;
    final RecordingMetrics metrics = new RecordingMetrics();
    final RecordingEndings endings = new RecordingEndings();
    final RecordingExport export = new RecordingExport();
    final AtomicInteger replicas = new AtomicInteger();

    @BeforeEach
    void setUp() {
        embedded = EmbeddedStores.open(dir.resolve("store"));
        store = FaultInjectingStore.over(embedded);
        repository = new WorkspaceRepository(store, new KeyLayout("test"));
        service = replica(store, new WorkspaceQuotas(10, 3));
    }

    /** A server's service over {@code over}: several of them over one store are replicas. */
    private WorkspaceService replica(KeyValueStore over, WorkspaceQuotas quotas) {
        return new WorkspaceService(new WorkspaceRepository(over, new KeyLayout("test")),
                new LocalProvisioner(new DataDirectory(dir.toString()),
                        new AgentWorkspace(new ServerRole("standalone"), Optional.empty(), dir.resolve("unused").toString())),
                quotas, new WorkspaceProgress(), metrics, new WorkspaceActivity(), endings,
                export.logOver(over, new KeyLayout("test"), "replica-" + replicas.incrementAndGet()));
    }

    /** Every attempt commits and then runs its body again, as after commit_unknown_result (1021). */
    private FaultInjectingStore everyCommitAmbiguous() {
        return new FaultInjectingStore(embedded, new FaultInjectingStore.Rates(1, 0, 0), 23);
    }

    @Test
    void create_quotaOfOneAndEveryCommitAmbiguous_createdOnceNotCountedAgainstItself() {
        FaultInjectingStore ambiguous = everyCommitAmbiguous();

        Workspace workspace = replica(ambiguous, new WorkspaceQuotas(1, 1)).create(ALICE, new CreateWorkspaceRequest("p"));

        System.out.println(ambiguous.report());
        assertThat(ambiguous.rerunAfterCommit()).isPositive();
        assertThat(workspace.phase()).isEqualTo(Phase.running());
        assertThat(repository.listByOwner("alice")).extracting(Workspace::id).containsExactly(workspace.id());
        assertThat(metrics.timesToRunning).hasSize(1);
    }

    @Test
    void stopThenStart_everyCommitAmbiguous_provisionerCalledAndSettled() {
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));
        FaultInjectingStore ambiguous = everyCommitAmbiguous();
        WorkspaceService replica = replica(ambiguous, new WorkspaceQuotas(10, 1));

        assertThat(replica.stop(ALICE, workspace.id()).status()).isEqualTo(WorkspaceStatus.STOPPED);
        assertThat(replica.start(ALICE, workspace.id()).status()).isEqualTo(WorkspaceStatus.RUNNING);

        System.out.println(ambiguous.report());
        assertThat(ambiguous.rerunAfterCommit()).isPositive();
        assertThat(repository.find(workspace.id()).orElseThrow().phase()).isEqualTo(Phase.running());
        assertThat(endings.ended).containsExactly(new WorkspaceEnded(workspace.id(), false));
        assertThat(metrics.timesToRunning).hasSize(2);
    }

    @Test
    void start_foundStarting_provisionerAskedAgainAndRunning() {
        Workspace workspace = stored(Phase.starting(Progress.SCHEDULING));

        assertThat(service.start(ALICE, workspace.id()).phase()).isEqualTo(Phase.running());
    }

    @Test
    void twoReplicas_concurrentLifeCycles_nothingStuckDuplicatedOrOverQuota() throws Exception {
        WorkspaceService one = replica(store, new WorkspaceQuotas(6, 3));
        WorkspaceService two = replica(store, new WorkspaceQuotas(6, 3));
        Workspace shared = one.create(ALICE, new CreateWorkspaceRequest("shared"));
        AtomicInteger created = new AtomicInteger(1);
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (WorkspaceService replica : List.of(one, two)) {
                done.add(replicas.submit(() -> {
                    for (int round = 0; round < 8; round++) {
                        try {
                            Workspace own = replica.create(ALICE, new CreateWorkspaceRequest("w" + round));
                            created.incrementAndGet();
                            replica.stop(ALICE, own.id());
                            replica.start(ALICE, own.id());
                            if (round % 2 == 0) {
                                replica.delete(ALICE, own.id());
                                deleted.incrementAndGet();
                            } else {
                                replica.stop(ALICE, own.id());
                            }
                        } catch (ApiException e) {
                            assertThat(e.status()).as(e.getMessage()).isEqualTo(409);
                            refused.incrementAndGet();
                        }
                        try {
                            replica.stop(ALICE, shared.id());
                            replica.start(ALICE, shared.id());
                        } catch (ApiException e) {
                            assertThat(e.status()).as(e.getMessage()).isEqualTo(409);
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            replicas.shutdown();
        }

        List<Workspace> left = repository.listAll();
        System.out.println("two replicas: " + created + " created, " + deleted + " deleted, " + refused
                + " refused (409); " + store.report());
        assertThat(left).hasSize(created.get() - deleted.get());
        assertThat(left).extracting(Workspace::status)
                .allMatch(status -> status == WorkspaceStatus.RUNNING || status == WorkspaceStatus.STOPPED);
        assertThat(left).filteredOn(w -> w.status() == WorkspaceStatus.RUNNING).hasSizeLessThanOrEqualTo(3);
        assertThat(left.size()).isLessThanOrEqualTo(6);
        assertThat(left).extracting(Workspace::id).doesNotHaveDuplicates();
        assertThat(store.rerunBodies()).isPositive();
    }

    @AfterEach
    void tearDown() {
        System.out.println(getClass().getSimpleName() + ": " + store.report());
        store.close();
    }

    @Test
    void create_local_runningAndTimedOnce() {
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        assertThat(workspace.phase()).isEqualTo(Phase.running());
        assertThat(metrics.timesToRunning).hasSize(1);
    }

    @Test
    void start_deletingWorkspace_conflict() {
        Workspace workspace = stored(Phase.of(WorkspaceStatus.DELETING));

        assertThatThrownBy(() -> service.start(ALICE, workspace.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("workspace_deleting");
                });
    }

    @Test
    void stop_creatingWorkspace_conflictBusy() {
        Workspace workspace = stored(Phase.of(WorkspaceStatus.CREATING));

        assertThatThrownBy(() -> service.stop(ALICE, workspace.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("workspace_busy");
                });
    }

    @Test
    void start_failedWorkspace_runningAgain() {
        Workspace workspace = stored(Phase.failed("CrashLoopBackOff"));

        assertThat(service.start(ALICE, workspace.id()).phase()).isEqualTo(Phase.running());
    }

    @Test
    void stopThenStart_admin_allowedOnOthersWorkspace() {
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        assertThat(service.stop(ADMIN, workspace.id()).status()).isEqualTo(WorkspaceStatus.STOPPED);
        assertThat(service.start(ADMIN, workspace.id()).status()).isEqualTo(WorkspaceStatus.RUNNING);
        assertThatThrownBy(() -> service.stop(BOB, workspace.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> service.getOwned(ADMIN, workspace.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void create_directoryCannotBeMade_failedAndNoRecordLeft() throws Exception {
        Files.writeString(dir.resolve("workspaces"), "a file where the directory should be");

        assertThatThrownBy(() -> service.create(ALICE, new CreateWorkspaceRequest("p")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.code()).isEqualTo("provisioning_failed");
                });
        assertThat(repository.listByOwner("alice")).isEmpty();
    }

    @Test
    void observe_readyPodAfterStop_dropped() {
        Workspace workspace = stored(Phase.of(WorkspaceStatus.STOPPING));

        service.observe(new Observation(workspace.id(), Phase.running()));

        assertThat(repository.find(workspace.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.STOPPING);
        assertThat(metrics.timesToRunning).isEmpty();
    }

    @Test
    void observe_progressThenReady_recordedAndTimedOnce() {
        Workspace workspace = stored(Phase.starting(Progress.SCHEDULING));

        service.observe(new Observation(workspace.id(), Phase.starting(Progress.PULLING_IMAGE)));
        service.observe(new Observation(workspace.id(), Phase.running()));
        service.observe(new Observation(workspace.id(), Phase.running()));

        assertThat(repository.find(workspace.id()).orElseThrow().phase()).isEqualTo(Phase.running());
        assertThat(metrics.timesToRunning).hasSize(1);
    }

    @Test
    void stop_running_announcesWorkspaceEnded() {
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        service.stop(ALICE, workspace.id());

        assertThat(endings.ended).containsExactly(new WorkspaceEnded(workspace.id(), false));
    }

    @Test
    void delete_announcesWorkspaceEndedAsDeleted() {
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        service.delete(ALICE, workspace.id());

        assertThat(endings.ended).containsExactly(new WorkspaceEnded(workspace.id(), true));
    }

    @Test
    void stopIdle_running_stoppedWithReason() {
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        boolean stopped = service.stopIdle(workspace.id(), workspace.startedAt(), Duration.ofMinutes(30));

        Workspace after = repository.find(workspace.id()).orElseThrow();
        assertThat(stopped).isTrue();
        assertThat(after.status()).isEqualTo(WorkspaceStatus.STOPPED);
        assertThat(after.reason()).contains("no terminal activity", "PT30M");
        assertThat(metrics.idleStops).isEqualTo(1);
    }

    @Test
    void stopIdle_alreadyStopped_nothingDone() {
        Workspace workspace = stored(Phase.of(WorkspaceStatus.STOPPED));

        assertThat(service.stopIdle(workspace.id(), workspace.startedAt(), Duration.ofMinutes(30))).isFalse();
        assertThat(metrics.idleStops).isZero();
    }

    private Workspace stored(Phase phase) {
        Instant now = Instant.now();
        Workspace workspace = new Workspace(WorkspaceIds.generate(), "p", "alice", phase.status(), phase.progress(),
                phase.reason(), now, now, now);
        repository.insert(workspace, owners -> { });
        return workspace;
    }

    /** The metrics as numbers the test can read (the MicroProfile Metrics registry lives in the server). */
    private static final class RecordingEndings extends WorkspaceEndings {
        final List<WorkspaceEnded> ended = new ArrayList<>();

        @Override
        public void stopped(String workspaceId) {
            ended.add(new WorkspaceEnded(workspaceId, false));
        }

        @Override
        public void deleted(String workspaceId) {
            ended.add(new WorkspaceEnded(workspaceId, true));
        }
    }

    private static final class RecordingMetrics extends WorkspaceMetrics {
        final List<Duration> timesToRunning = new ArrayList<>();
        int idleStops;

        @Override
        public void reachedRunning(Duration sinceStartAsked) {
            timesToRunning.add(sinceStartAsked);
        }

        @Override
        public void stoppedIdle() {
            idleStops++;
        }
    }
}
