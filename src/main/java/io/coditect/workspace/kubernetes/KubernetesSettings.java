package io.coditect.workspace.kubernetes;

import java.util.Map;

/**
 * What a workspace's Kubernetes objects are made of, from configuration
 * ({@code coditect.kubernetes.*}, see docs/configuration.md): the namespace they live in, the
 * agent image, the container's resources, the volume and where the pod may run.
 */
public record KubernetesSettings(
        String namespace,
        String image,
        String cpuRequest,
        String memoryRequest,
        String cpuLimit,
        String memoryLimit,
        String storageClass,
        String storageSize,
        Map<String, String> nodeSelector) {

    public KubernetesSettings {
        nodeSelector = Map.copyOf(nodeSelector);
    }
}
