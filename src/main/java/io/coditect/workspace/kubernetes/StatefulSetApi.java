package io.coditect.workspace.kubernetes;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;

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

    /**
     * Sets what a start renews (labels, replicas, claim policy, pod template) to those of
     * {@code renewed}, in one JSON Patch that carries the resource version it was read at: the API
     * server refuses it with 409 when the StatefulSet changed meanwhile. A patch, so the gateway's
     * Role needs no {@code update}.
     */
    public void renew(StatefulSet renewed) {
        List<Map<String, Object>> operations = List.of(
                replace("/metadata/resourceVersion", renewed.getMetadata().getResourceVersion()),
                replace("/metadata/labels", renewed.getMetadata().getLabels()),
                replace("/spec/replicas", renewed.getSpec().getReplicas()),
                // "add" sets the member whether or not a StatefulSet made before it existed has it.
                Map.of("op", "add", "path", "/spec/persistentVolumeClaimRetentionPolicy",
                        "value", renewed.getSpec().getPersistentVolumeClaimRetentionPolicy()),
                replace("/spec/template", renewed.getSpec().getTemplate()));
        client.apps().statefulSets().inNamespace(namespace).withName(renewed.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(operations));
    }

    private static Map<String, Object> replace(String path, Object value) {
        return Map.of("op", "replace", "path", path, "value", value);
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
