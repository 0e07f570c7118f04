package io.coditect.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;

/**
 * What the StatefulSet controller and the kubelet would write into fabric8's CRUD mock, which has
 * neither: a workspace's one pod, running and ready (for the ITs, the benchmarks and the load tool).
 */
public final class ReadyPods {
    private ReadyPods() {
    }

    /** Creates (or updates) the ready pod of {@code workspaceId}, owned by {@code userId}, in {@code namespace}. */
    public static void create(KubernetesClient cluster, String namespace, String workspaceId, String userId) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(workspaceId + "-0").withNamespace(namespace)
                .withLabels(Map.of("app", "workspace", "workspace-id", workspaceId, "user-id", userId)).endMetadata()
                .withNewSpec().addNewContainer().withName("workspace").withImage("coditect-gateway:test").endContainer()
                .endSpec()
                .withStatus(new PodStatusBuilder().withPhase("Running")
                        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(true)
                                .withNewState().withNewRunning().endRunning().endState().build())
                        .build())
                .build();
        cluster.pods().inNamespace(namespace).resource(pod).createOr(NonDeletingOperation::update);
        cluster.pods().inNamespace(namespace).resource(pod).updateStatus();
    }
}
