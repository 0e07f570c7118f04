package io.coditect.workspace.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Every API call the product makes on Services, in one namespace. */
public final class ServiceApi {
    private final KubernetesClient client;
    private final String namespace;

    ServiceApi(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public void create(Service service) {
        client.services().inNamespace(namespace).resource(service).create();
    }

    /** Deletes it if it exists. */
    public void delete(String name) {
        client.services().inNamespace(namespace).withName(name).delete();
    }
}
