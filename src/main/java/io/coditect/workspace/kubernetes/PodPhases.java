package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a workspace's phase from its StatefulSet and its pod, as the cluster reports them: a pure
 * function, so every mapping is a plain unit test.
 *
 * <ul>
 * <li>No StatefulSet: failed (it was deleted behind the gateway's back).
 * <li>Scaled to 0: stopping while the pod is still there, then stopped.
 * <li>Scaled to 1: starting while the pod is missing or being replaced ({@code scheduling}), is not
 * yet on a node ({@code scheduling}; failed when the scheduler says Unschedulable), is getting its
 * volume and sandbox ({@code preparing}, while PodReadyToStartContainers is False), is pulling the
 * image (the container waits and has no image id yet: {@code pulling_image}), is creating the
 * container (it waits with its image present: {@code creating_container}), or runs without being
 * ready ({@code starting_agent}); running once the container is ready. Failed when the container
 * waits for a reason that needs a person (ImagePullBackOff, ErrImagePull, CrashLoopBackOff, ...),
 * has terminated, or the pod itself has failed (evicted).
 * </ul>
 */
public final class PodPhases {
    /** Waiting reasons that do not clear up by waiting: a wrong image, a crashing agent, a bad spec. */
    static final Set<String> FAILURE_REASONS = Set.of(
            "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError",
            "PreCreateHookError", "PostStartHookError");

    private PodPhases() {
    }

    /** The phase of a workspace whose StatefulSet (null when deleted) and pod (null when none) are these. */
    public static Phase phaseOf(StatefulSet statefulSet, Pod pod) {
        if (statefulSet == null) {
            return Phase.failed("The workspace's StatefulSet was deleted outside the gateway; start it to recreate it.");
        }
        Integer replicas = statefulSet.getSpec() == null ? null : statefulSet.getSpec().getReplicas();
        if (replicas != null && replicas == 0) {
            return Phase.of(pod == null ? WorkspaceStatus.STOPPED : WorkspaceStatus.STOPPING);
        }
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return Phase.starting(Progress.SCHEDULING);
        }
        return phaseOfPod(pod);
    }

    private static Phase phaseOfPod(Pod pod) {
        var status = pod.getStatus();
        if (status == null) {
            return Phase.starting(Progress.SCHEDULING);
        }
        if ("Failed".equals(status.getPhase())) {
            return Phase.failed(describe("The pod failed", status.getReason(), status.getMessage()));
        }
        Optional<PodCondition> scheduled = condition(status.getConditions(), "PodScheduled");
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())
                && "Unschedulable".equals(scheduled.get().getReason())) {
            return Phase.failed(describe(null, "Unschedulable", scheduled.get().getMessage()));
        }
        if (scheduled.isEmpty() || !"True".equals(scheduled.get().getStatus())) {
            return Phase.starting(Progress.SCHEDULING);
        }
        Optional<ContainerStatus> container = containerStatus(status.getContainerStatuses());
        Optional<Phase> failure = container.flatMap(PodPhases::failureOf);
        if (failure.isPresent()) {
            return failure.get();
        }
        if (container.map(c -> Boolean.TRUE.equals(c.getReady())).orElse(false)) {
            return Phase.running();
        }
        ContainerState state = container.map(ContainerStatus::getState).orElse(null);
        if (state != null && state.getRunning() != null) {
            return Phase.starting(Progress.STARTING_AGENT);
        }
        if (condition(status.getConditions(), "PodReadyToStartContainers")
                .map(c -> "False".equals(c.getStatus())).orElse(false)) {
            return Phase.starting(Progress.PREPARING);
        }
        boolean imagePresent = container.map(c -> c.getImageID() != null && !c.getImageID().isEmpty()).orElse(false);
        return Phase.starting(imagePresent ? Progress.CREATING_CONTAINER : Progress.PULLING_IMAGE);
    }

    private static Optional<Phase> failureOf(ContainerStatus container) {
        ContainerState state = container.getState();
        if (state == null) {
            return Optional.empty();
        }
        ContainerStateWaiting waiting = state.getWaiting();
        if (waiting != null && FAILURE_REASONS.contains(waiting.getReason())) {
            String lastExit = lastExit(container);
            return Optional.of(Phase.failed(describe(null, waiting.getReason(), waiting.getMessage())
                    + (lastExit == null ? "" : " (last exit: " + lastExit + ")")));
        }
        ContainerStateTerminated terminated = state.getTerminated();
        if (terminated != null) {
            return Optional.of(Phase.failed(describe("The agent container exited",
                    exitOf(terminated), terminated.getMessage())));
        }
        return Optional.empty();
    }

    private static String lastExit(ContainerStatus container) {
        if (container.getLastState() == null || container.getLastState().getTerminated() == null) {
            return null;
        }
        return exitOf(container.getLastState().getTerminated());
    }

    private static String exitOf(ContainerStateTerminated terminated) {
        String reason = terminated.getReason() == null ? "" : terminated.getReason() + ", ";
        return reason + "exit code " + terminated.getExitCode();
    }

    private static String describe(String what, String reason, String message) {
        StringBuilder text = new StringBuilder();
        if (what != null) {
            text.append(what);
        }
        if (reason != null && !reason.isBlank()) {
            text.append(text.isEmpty() ? "" : ": ").append(reason);
        }
        if (message != null && !message.isBlank()) {
            text.append(text.isEmpty() ? "" : ": ").append(message.strip());
        }
        return text.toString();
    }

    private static Optional<PodCondition> condition(List<PodCondition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Optional<ContainerStatus> containerStatus(List<ContainerStatus> statuses) {
        return statuses == null ? Optional.empty()
                : statuses.stream().filter(s -> WorkspacePod.CONTAINER.equals(s.getName())).findFirst();
    }
}
