package io.coditect.workspace.kubernetes;

import io.coditect.platform.SharedWithAgents;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Kubernetes client, and the package's settings: every {@code coditect.kubernetes.*} key is
 * read here, into {@link KubernetesSettings} and {@link WorkspaceResources} (records, which the
 * pure {@code desired()} builders and their tests make directly), with every
 * {@link SharedWithAgents} bean's keys for the agents' environment. The client finds
 * the API server and its credentials the usual way (the pod's service account in a cluster, else
 * the kubeconfig), works in {@code coditect.kubernetes.namespace}, and gives up on a call after
 * {@code coditect.kubernetes.request-timeout-ms} and {@code coditect.kubernetes.request-retries}
 * retries, so a user's request never hangs on an unreachable cluster. Created on first use only,
 * which is in the gateway role.
 */
@ApplicationScoped
public class KubernetesProducer {
    @Produces
    @ApplicationScoped
    public KubernetesClient client(KubernetesSettings settings) {
        return new KubernetesClientBuilder()
                .withConfig(clientConfig(Config.autoConfigure(null), settings.namespace(), settings.requestTimeoutMillis(),
                        settings.requestRetries()))
                .build();
    }

    /** {@code base} (where the API server is, the credentials) with the product's namespace and patience. */
    static Config clientConfig(Config base, String namespace, int requestTimeoutMillis, int requestRetries) {
        return new ConfigBuilder(base)
                .withNamespace(namespace)
                .withRequestTimeout(requestTimeoutMillis)
                .withConnectionTimeout(requestTimeoutMillis)
                .withRequestRetryBackoffLimit(requestRetries)
                .build();
    }

    public void close(@Disposes KubernetesClient client) {
        client.close();
    }

    @Produces
    public KubernetesSettings settings(
            @ConfigProperty(name = "coditect.kubernetes.namespace") String namespace,
            @ConfigProperty(name = "coditect.kubernetes.workspace.image") String image,
            WorkspaceResources resources,
            @ConfigProperty(name = "coditect.kubernetes.workspace.storage-class") String storageClass,
            @ConfigProperty(name = "coditect.kubernetes.workspace.storage-size") String storageSize,
            @ConfigProperty(name = "coditect.kubernetes.workspace.node-selector") Optional<String> nodeSelector,
            @ConfigProperty(name = "coditect.kubernetes.workspace.trusted-keys-secret") String trustedKeysSecret,
            @ConfigProperty(name = "coditect.kubernetes.request-timeout-ms") int requestTimeoutMillis,
            @ConfigProperty(name = "coditect.kubernetes.request-retries") int requestRetries,
            Instance<SharedWithAgents> shared) {
        return workspaceSettings(namespace, image, resources, storageClass, storageSize, nodeSelector, trustedKeysSecret,
                requestTimeoutMillis, requestRetries, shared);
    }

    /** The settings, with what each of {@code shared} gives the agents from this gateway's configuration. */
    static KubernetesSettings workspaceSettings(String namespace, String image, WorkspaceResources resources, String storageClass,
            String storageSize, Optional<String> nodeSelector, String trustedKeysSecret, int requestTimeoutMillis,
            int requestRetries, Iterable<? extends SharedWithAgents> shared) {
        Map<String, String> agentConfig = new LinkedHashMap<>();
        shared.forEach(settings -> agentConfig.putAll(settings.forAgents()));
        return new KubernetesSettings(namespace, image, resources, storageClass, storageSize,
                parseNodeSelector(nodeSelector.orElse("")), trustedKeysSecret, requestTimeoutMillis, requestRetries,
                agentConfig);
    }

    @Produces
    public WorkspaceResources resources(
            @ConfigProperty(name = "coditect.kubernetes.workspace.cpu-request") String cpuRequest,
            @ConfigProperty(name = "coditect.kubernetes.workspace.memory-request") String memoryRequest,
            @ConfigProperty(name = "coditect.kubernetes.workspace.cpu-limit") String cpuLimit,
            @ConfigProperty(name = "coditect.kubernetes.workspace.memory-limit") String memoryLimit,
            @ConfigProperty(name = "coditect.kubernetes.workspace.ephemeral-storage-request") String storageRequest,
            @ConfigProperty(name = "coditect.kubernetes.workspace.ephemeral-storage-limit") String storageLimit,
            @ConfigProperty(name = "coditect.kubernetes.workspace.tmp-size") String tmpSize,
            @ConfigProperty(name = "coditect.kubernetes.workspace.agent-max-heap") String agentMaxHeap) {
        return new WorkspaceResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit, storageRequest, storageLimit,
                tmpSize, agentMaxHeap);
    }

    /** {@code key=value} pairs separated by commas; an empty value schedules workspaces anywhere. */
    static Map<String, String> parseNodeSelector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("coditect.kubernetes.workspace.node-selector takes key=value pairs"
                        + " separated by commas, not '" + pair.strip() + "'");
            }
            selector.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return selector;
    }
}
