package io.coditect.workspace.kubernetes;

import java.util.Map;

/**
 * What a workspace's Kubernetes objects are made of, from configuration
 * ({@code coditect.kubernetes.*}, see docs/configuration.md): the namespace they live in, the
 * agent image, the container's resources, the volume, where the pod may run, and the Secret with
 * the gateways' public keys that the agent trusts.
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
        Map<String, String> nodeSelector,
        String trustedKeysSecret) {

    public KubernetesSettings {
        nodeSelector = Map.copyOf(nodeSelector);
    }
}
