package io.coditect.workspace.kubernetes;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** Every API call the product makes on StatefulSets, in one namespace. */
public final class StatefulSetApi {
    private final KubernetesClient client;
    private final String namespace;

    StatefulSetApi(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public void create(StatefulSet statefulSet) {
        client.apps().statefulSets().inNamespace(namespace).resource(statefulSet).create();
    }

    /** The StatefulSet of that name, or null when there is none. */
    public StatefulSet get(String name) {
        return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    }

    /** Replaces it, if it is still at the resource version it carries (else 409: someone changed it meanwhile). */
    public void update(StatefulSet statefulSet) {
        client.apps().statefulSets().inNamespace(namespace).resource(statefulSet).update();
    }

    /** Sets the replicas in one merge patch; false when there is no such StatefulSet. */
    public boolean scale(String name, int replicas) {
        var resource = client.apps().statefulSets().inNamespace(namespace).withName(name);
        try {
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes it if it exists; its pod goes, its claim stays (the retention policy says Retain). */
    public void delete(String name) {
        client.apps().statefulSets().inNamespace(namespace).withName(name).delete();
    }

    /** An informer (not started) on the product's workspace StatefulSets. */
    public SharedIndexInformer<StatefulSet> informer(long resyncMillis) {
        return client.apps().statefulSets().inNamespace(namespace)
                .withLabel(WorkspaceLabels.APP, WorkspaceLabels.APP_VALUE)
                .withLabel(WorkspaceLabels.WORKSPACE_ID)
                .runnableInformer(resyncMillis);
    }
}
