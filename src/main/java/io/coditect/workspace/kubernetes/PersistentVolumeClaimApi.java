package io.coditect.workspace.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Every API call the product makes on PersistentVolumeClaims, in one namespace. */
public final class PersistentVolumeClaimApi {
    private final KubernetesClient client;
    private final String namespace;

    PersistentVolumeClaimApi(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public boolean exists(String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() != null;
    }

    /** Deletes it if it exists; Kubernetes keeps it until no pod uses it any more. */
    public void delete(String name) {
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
    }
}
