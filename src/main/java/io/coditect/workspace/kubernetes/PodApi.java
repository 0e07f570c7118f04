package io.coditect.workspace.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** Every API call the product makes on Pods, in one namespace: it only watches them. */
public final class PodApi {
    private final KubernetesClient client;
    private final String namespace;

    PodApi(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** An informer (not started) on the pods of the product's workspaces. */
    public SharedIndexInformer<Pod> informer(long resyncMillis) {
        return client.pods().inNamespace(namespace)
                .withLabel(WorkspaceLabels.APP, WorkspaceLabels.APP_VALUE)
                .withLabel(WorkspaceLabels.WORKSPACE_ID)
                .runnableInformer(resyncMillis);
    }
}
