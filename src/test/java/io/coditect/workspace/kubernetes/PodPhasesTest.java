package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

/** The mappings the watch test does not walk through. */
class PodPhasesTest {
    private static final StatefulSet ONE = new StatefulSetBuilder().withNewSpec().withReplicas(1).endSpec().build();
    private static final StatefulSet ZERO = new StatefulSetBuilder().withNewSpec().withReplicas(0).endSpec().build();

    @Test
    void phaseOf_scaledToZeroNoPod_stopped() {
        assertThat(PodPhases.phaseOf(ZERO, null)).isEqualTo(Phase.of(WorkspaceStatus.STOPPED));
    }

    @Test
    void phaseOf_scaledToZeroPodStillThere_stopping() {
        assertThat(PodPhases.phaseOf(ZERO, pod(new PodStatusBuilder().withPhase("Running").build())))
                .isEqualTo(Phase.of(WorkspaceStatus.STOPPING));
    }

    @Test
    void phaseOf_podBeingReplaced_scheduling() {
        Pod leaving = new PodBuilder(pod(new PodStatusBuilder().withPhase("Running").build()))
                .editMetadata().withDeletionTimestamp("2026-11-24T10:00:00Z").endMetadata().build();

        assertThat(PodPhases.phaseOf(ONE, leaving)).isEqualTo(Phase.starting(Progress.SCHEDULING));
    }

    @Test
    void phaseOf_evictedPod_failedWithReason() {
        Pod evicted = pod(new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: ephemeral-storage.").build());

        assertThat(PodPhases.phaseOf(ONE, evicted))
                .isEqualTo(Phase.failed("The pod failed: Evicted: The node was low on resource: ephemeral-storage."));
    }

    @Test
    void phaseOf_containerTerminated_failedWithExitCode() {
        Pod exited = pod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace")
                .withNewState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState()
                .build()).build());

        assertThat(PodPhases.phaseOf(ONE, exited))
                .isEqualTo(Phase.failed("The agent container exited: OOMKilled, exit code 137"));
    }

    @Test
    void phaseOf_waitingWithImagePresent_creatingContainer() {
        Pod creating = pod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace")
                .withImageID("registry.test/agent@sha256:1")
                .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                .build()).build());

        assertThat(PodPhases.phaseOf(ONE, creating)).isEqualTo(Phase.starting(Progress.CREATING_CONTAINER));
    }

    @Test
    void phaseOf_scheduledWithoutContainerStatus_pullingImage() {
        assertThat(PodPhases.phaseOf(ONE, pod(scheduled().build()))).isEqualTo(Phase.starting(Progress.PULLING_IMAGE));
    }

    @Test
    void phaseOf_otherContainerFailing_ignored() {
        Pod sidecarCrash = pod(scheduled().withContainerStatuses(
                new ContainerStatusBuilder().withName("sidecar")
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().build(),
                new ContainerStatusBuilder().withName("workspace").withReady(true)
                        .withNewState().withNewRunning().endRunning().endState().build()).build());

        assertThat(PodPhases.phaseOf(ONE, sidecarCrash)).isEqualTo(Phase.running());
    }

    private static PodStatusBuilder scheduled() {
        return new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition();
    }

    private static Pod pod(PodStatus status) {
        return new PodBuilder().withNewMetadata().withName("ws-aaaaaaaaaaaa-0").endMetadata().withStatus(status).build();
    }
}
