package io.coditect.workspace.kubernetes;

import io.coditect.platform.Immutable;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;

/**
 * The one door to the Kubernetes API: every call the product makes goes through one class per
 * kind, reached from here, all in the configured namespace. Tests build it on a mock server.
 */
@Immutable
public class WorkspaceCluster {
    private final StatefulSetApi statefulSets;
    private final ServiceApi services;
    private final PersistentVolumeClaimApi claims;
    private final PodApi pods;
    private final String namespace;

    @Inject
    public WorkspaceCluster(KubernetesClient client, KubernetesSettings settings) {
        this.namespace = settings.namespace();
        this.statefulSets = new StatefulSetApi(client, namespace);
        this.services = new ServiceApi(client, namespace);
        this.claims = new PersistentVolumeClaimApi(client, namespace);
        this.pods = new PodApi(client, namespace);
    }

    public StatefulSetApi statefulSets() {
        return statefulSets;
    }

    public ServiceApi services() {
        return services;
    }

    public PersistentVolumeClaimApi claims() {
        return claims;
    }

    public PodApi pods() {
        return pods;
    }

    public String namespace() {
        return namespace;
    }
}
