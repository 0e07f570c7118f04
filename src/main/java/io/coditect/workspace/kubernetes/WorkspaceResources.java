package io.coditect.workspace.kubernetes;

/**
 * What the workspace container may use, as Kubernetes quantities: CPU and memory (the user's
 * shells and the agent's JVM together), ephemeral storage (its logs and the emptyDirs Liberty and
 * the shells write to), and the size of its {@code /tmp}. The agent's JVM takes at most
 * {@code agentMaxHeap} of the memory (a JVM {@code -Xmx} value), so the rest is the user's.
 */
public record WorkspaceResources(
        String cpuRequest,
        String memoryRequest,
        String cpuLimit,
        String memoryLimit,
        String ephemeralStorageRequest,
        String ephemeralStorageLimit,
        String tmpSize,
        String agentMaxHeap) {

    public WorkspaceResources {
        if (!agentMaxHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("coditect.kubernetes.workspace.agent-max-heap takes a JVM -Xmx size"
                    + " such as 384m or 1g, not '" + agentMaxHeap + "'");
        }
    }
}
