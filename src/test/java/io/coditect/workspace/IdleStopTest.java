package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.KeyLayout;
import io.coditect.store.FaultInjectingStore;
import io.coditect.testing.EmbeddedStores;
import io.coditect.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle-stop rule over the real embedded store, with a clock the test moves. */
class IdleStopTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    @TempDir
    Path dir;
    FaultInjectingStore store;
    WorkspaceRepository repository;
    final MovableClock clock = new MovableClock(T0);
    final WorkspaceActivity activity = new WorkspaceActivity(clock);
    final List<String> stopped = new CopyOnWriteArrayList<>();
    /** What the workspaces' agents report (a gateway asks before it stops one). */
    AgentActivity agents = AgentActivity.NONE;

    @BeforeEach
    void setUp() {
        store = FaultInjectingStore.over(EmbeddedStores.open(dir));
        repository = new WorkspaceRepository(store, new KeyLayout("test"));
    }

    @AfterEach
    void tearDown() {
        System.out.println(getClass().getSimpleName() + ": " + store.report());
        store.close();
    }

    private IdleStop idleStop(boolean stops) {
        return new IdleStop(activity, repository, (id, since, timeout) -> stopped.add(id), agents, TIMEOUT, stops, clock);
    }

    private void running(String id, Instant startedAt) {
        repository.insert(new Workspace(id, "p", "alice", WorkspaceStatus.RUNNING, Progress.READY, null,
                startedAt, startedAt, startedAt), owners -> { });
    }

    @Test
    void check_agentReportsOutputNobodyWatched_keptAndRecordedForEveryServer() {
        running("ws-aaaaaaaaaaaa", T0);
        clock.set(T0.plus(TIMEOUT).plusSeconds(1));
        Instant printed = T0.plus(TIMEOUT).minusSeconds(30);
        agents = id -> Optional.of(printed);

        idleStop(true).check();

        assertThat(stopped).isEmpty();
        assertThat(repository.lastActivities(List.of("ws-aaaaaaaaaaaa"))).containsEntry("ws-aaaaaaaaaaaa", printed);
    }

    @Test
    void check_agentReportsNothingNewer_stopped() {
        running("ws-aaaaaaaaaaaa", T0);
        clock.set(T0.plus(TIMEOUT).plusSeconds(1));
        agents = id -> Optional.of(T0.minusSeconds(1));

        idleStop(true).check();

        assertThat(stopped).containsExactly("ws-aaaaaaaaaaaa");
    }

    @Test
    void check_neverUsedPastTimeout_stopped() {
        running("ws-aaaaaaaaaaaa", T0);
        clock.set(T0.plus(TIMEOUT));

        idleStop(true).check();

        assertThat(stopped).containsExactly("ws-aaaaaaaaaaaa");
    }

    @Test
    void check_neverUsedJustBeforeTimeout_kept() {
        running("ws-aaaaaaaaaaaa", T0);
        clock.set(T0.plus(TIMEOUT).minusSeconds(1));

        idleStop(true).check();

        assertThat(stopped).isEmpty();
    }

    @Test
    void check_jobKeepsPrinting_neverStopped() {
        running("ws-aaaaaaaaaaaa", T0);
        IdleStop idleStop = idleStop(true);

        for (int minute = 1; minute <= 120; minute++) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            activity.touch("ws-aaaaaaaaaaaa");
            idleStop.check();
        }

        assertThat(stopped).isEmpty();
    }

    @Test
    void check_clientAttachedWithoutTraffic_neverStopped() {
        running("ws-aaaaaaaaaaaa", T0);
        activity.clientAttached("ws-aaaaaaaaaaaa");
        IdleStop idleStop = idleStop(true);

        for (int minute = 1; minute <= 120; minute += 7) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            idleStop.check();
        }

        assertThat(stopped).isEmpty();
    }

    @Test
    void check_idleAfterLastOutput_stoppedOnceTimeoutPassed() {
        running("ws-aaaaaaaaaaaa", T0);
        IdleStop idleStop = idleStop(true);
        clock.set(T0.plus(Duration.ofMinutes(10)));
        activity.touch("ws-aaaaaaaaaaaa");
        idleStop.check();

        clock.set(T0.plus(Duration.ofMinutes(39)));
        idleStop.check();
        assertThat(stopped).isEmpty();

        clock.set(T0.plus(Duration.ofMinutes(40)));
        idleStop.check();
        assertThat(stopped).containsExactly("ws-aaaaaaaaaaaa");
    }

    @Test
    void check_activitySeenByAnotherServer_kept() {
        running("ws-aaaaaaaaaaaa", T0);
        clock.set(T0.plus(Duration.ofMinutes(25)));
        activity.touch("ws-aaaaaaaaaaaa");
        idleStop(false).check();
        WorkspaceActivity quietServer = new WorkspaceActivity(clock);
        IdleStop other = new IdleStop(quietServer, repository, (id, since, timeout) -> stopped.add(id), AgentActivity.NONE, TIMEOUT,
                true, clock);

        clock.set(T0.plus(Duration.ofMinutes(50)));
        other.check();

        assertThat(stopped).isEmpty();
    }

    @Test
    void check_stoppedWorkspace_leftAlone() {
        repository.insert(new Workspace("ws-aaaaaaaaaaaa", "p", "alice", WorkspaceStatus.STOPPED, null, null,
                T0, T0, T0), owners -> { });
        clock.set(T0.plus(Duration.ofHours(5)));

        idleStop(true).check();

        assertThat(stopped).isEmpty();
    }

    @Test
    void checkInterval_tenthOfTimeoutWithinBounds() {
        assertThat(IdleStop.checkInterval(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(1));
        assertThat(IdleStop.checkInterval(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(IdleStop.checkInterval(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(1));
    }
}
