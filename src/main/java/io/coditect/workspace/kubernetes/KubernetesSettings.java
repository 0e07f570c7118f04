package io.coditect.workspace.kubernetes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code coditect.kubernetes.*} settings (docs/configuration.md, "Kubernetes"), all read by
 * {@link KubernetesProducer#settings}: what a workspace's Kubernetes objects are made of (the
 * namespace they live in, the agent image, the container's resources, the volume, where the pod
 * may run, and the Secret with the gateways' public keys that the agent trusts), and how long the
 * client waits for the API server and how often it retries. The node selector keeps its order, so
 * the objects made from these settings serialize the same way every time.
 */
public record KubernetesSettings(
        String namespace,
        String image,
        WorkspaceResources resources,
        String storageClass,
        String storageSize,
        Map<String, String> nodeSelector,
        String trustedKeysSecret,
        int requestTimeoutMillis,
        int requestRetries) {

    public KubernetesSettings {
        nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
    }
}
