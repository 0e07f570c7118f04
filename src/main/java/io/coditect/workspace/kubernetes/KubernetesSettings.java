package io.coditect.workspace.kubernetes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code coditect.kubernetes.*} settings (docs/configuration.md, "Kubernetes"), all read by
 * {@link KubernetesProducer#settings}: what a workspace's Kubernetes objects are made of (the
 * namespace they live in, the agent image, the container's resources, the volume, where the pod
 * may run, and the Secret with the gateways' public keys that the agent trusts), how long the
 * client waits for the API server and how often it retries, and the gateway's settings the agent
 * shares ({@code agentConfig}: configuration key to value, see
 * {@link io.coditect.platform.SharedWithAgents}). The node selector keeps its order and the shared
 * settings are sorted by key, so the objects made from these settings serialize the same way every time.
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
        int requestRetries,
        Map<String, String> agentConfig) {

    public KubernetesSettings {
        nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        agentConfig = Collections.unmodifiableMap(new TreeMap<>(agentConfig));
    }
}
