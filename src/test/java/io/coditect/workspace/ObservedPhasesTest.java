package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObservedPhasesTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);

    private static Workspace in(Phase phase) {
        return new Workspace("ws-aaaaaaaaaaaa", "p", "alice", phase.status(), phase.progress(), phase.reason(), T0, T0, T0);
    }

    @Test
    void accepts_readyPodAfterStopAsked_dropped() {
        assertThat(ObservedPhases.accepts(in(Phase.of(WorkspaceStatus.STOPPING)), Phase.running())).isFalse();
    }

    @Test
    void accepts_stoppedWhileStarting_dropped() {
        assertThat(ObservedPhases.accepts(in(Phase.starting(Progress.SCHEDULING)), Phase.of(WorkspaceStatus.STOPPED)))
                .isFalse();
    }

    @Test
    void accepts_anythingWhileDeleting_dropped() {
        assertThat(ObservedPhases.accepts(in(Phase.of(WorkspaceStatus.DELETING)), Phase.failed("gone"))).isFalse();
    }

    @Test
    void accepts_crashWhileRunning_taken() {
        assertThat(ObservedPhases.accepts(in(Phase.running()), Phase.failed("CrashLoopBackOff"))).isTrue();
    }

    @Test
    void advance_samePhase_sameRecord() {
        Workspace running = in(Phase.running());

        assertThat(ObservedPhases.advance(running, Phase.running(), T1)).isSameAs(running);
    }

    @Test
    void advance_newPhase_timestamped() {
        Workspace advanced = ObservedPhases.advance(in(Phase.starting(Progress.SCHEDULING)), Phase.running(), T1);

        assertThat(advanced.phase()).isEqualTo(Phase.running());
        assertThat(advanced.updatedAt()).isEqualTo(T1);
        assertThat(advanced.startedAt()).isEqualTo(T0);
    }

    @Test
    void advance_stoppedAfterIdleStop_keepsReason() {
        Workspace stopping = in(new Phase(WorkspaceStatus.STOPPING, null, "idle"));

        assertThat(ObservedPhases.advance(stopping, Phase.of(WorkspaceStatus.STOPPED), T1).reason()).isEqualTo("idle");
    }
}
