package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.recording.RecordingSettings;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Kubernetes provisioner against fabric8's mock API server in CRUD mode (it stores what it is
 * sent): the mock, a client as the gateway makes it, and what the tests read back. Each test class
 * names the mock ({@code @EnableKubernetesMockClient(crud = true, https = false)}) itself.
 */
abstract class ProvisionerFixture {
    static final String NAMESPACE = "coditect-test";
    static final WorkspaceResources RESOURCES = new WorkspaceResources("1", "2Gi", "2", "4Gi", "1Gi", "2Gi", "1Gi", "384m");
    /** A gateway that records every terminal, input too, keeps recordings 7 days and lets 1 MiB wait: none a default. */
    static final RecordingSettings RECORDING = new RecordingSettings(true, true, 7, 1 << 20);
    static final KubernetesSettings SETTINGS = new KubernetesSettings(NAMESPACE, "registry.test/agent:1", RESOURCES,
            "standard-rwo", "10Gi", Map.of("cloud.google.com/gke-spot", "true"), "agent-keys", 10_000, 2,
            RECORDING.forAgents());
    static final String STATEFUL_SETS = "/apis/apps/v1/namespaces/" + NAMESPACE + "/statefulsets";
    static final String SERVICES = "/api/v1/namespaces/" + NAMESPACE + "/services";

    KubernetesClient mockClient;
    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesProvisioner provisioner;

    /** A client as the gateway makes it (timeouts, few retries), pointed at the mock. */
    @BeforeEach
    void setUp() {
        client = clientWith(10_000, 2);
        provisioner = new KubernetesProvisioner(new WorkspaceCluster(client, SETTINGS), SETTINGS);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    KubernetesClient clientWith(int requestTimeoutMillis, int retries) {
        return new KubernetesClientBuilder().withConfig(KubernetesProducer.clientConfig(
                mockClient.getConfiguration(), NAMESPACE, requestTimeoutMillis, retries)).build();
    }

    static Workspace workspace(String id, String owner) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        return new Workspace(id, "project", owner, WorkspaceStatus.CREATING, null, null, now, now, now);
    }

    void assertNothingLeft() {
        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
    }

    PersistentVolumeClaim claim(String workspaceId) {
        return client.persistentVolumeClaims().inNamespace(NAMESPACE)
                .withName("workspace-storage-" + workspaceId + "-0").get();
    }

    /** What the StatefulSet controller (which the mock does not have) would make for the pod. */
    void claimFor(String workspaceId) {
        client.persistentVolumeClaims().inNamespace(NAMESPACE).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("workspace-storage-" + workspaceId + "-0")
                .addToLabels("workspace-id", workspaceId).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").endSpec()
                .build()).create();
    }

    static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }
}
