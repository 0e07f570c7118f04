package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.ProvisioningException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
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
import org.junit.jupiter.api.Test;

/** The Kubernetes provisioner against fabric8's mock API server in CRUD mode (it stores what it is sent). */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesProvisionerTest {
    static final String NAMESPACE = "coditect-test";
    static final KubernetesSettings SETTINGS = new KubernetesSettings(NAMESPACE, "registry.test/agent:1",
            "1", "2Gi", "2", "4Gi", "standard-rwo", "10Gi", Map.of("cloud.google.com/gke-spot", "true"),
            "agent-keys");
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

    @Test
    void create_newWorkspace_statefulSetExactlyAsSpecified() {
        Phase phase = provisioner.create(workspace("ws-aaaaaaaaaaaa", "alice"));

        assertThat(phase).isEqualTo(Phase.starting(Progress.SCHEDULING));
        StatefulSet set = statefulSet("ws-aaaaaaaaaaaa");
        Map<String, String> labels = Map.of("app", "workspace", "workspace-id", "ws-aaaaaaaaaaaa", "user-id", "alice");
        assertThat(set.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(set.getSpec().getReplicas()).isEqualTo(1);
        assertThat(set.getSpec().getServiceName()).isEqualTo("ws-aaaaaaaaaaaa");
        assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("workspace-id", "ws-aaaaaaaaaaaa"));
        assertThat(set.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Delete");
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);

        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("cloud.google.com/gke-spot", "true"));
        assertThat(pod.getTolerations()).singleElement().satisfies(toleration -> {
            assertThat(toleration.getKey()).isEqualTo("cloud.google.com/gke-spot");
            assertThat(toleration.getOperator()).isEqualTo("Equal");
            assertThat(toleration.getValue()).isEqualTo("true");
            assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1001L);
        assertThat(pod.getContainers()).hasSize(1);

        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo("workspace");
        assertThat(container.getImage()).isEqualTo("registry.test/agent:1");
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("websocket");
            assertThat(port.getContainerPort()).isEqualTo(8080);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
        assertThat(container.getResources().getRequests())
                .isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("2Gi")));
        assertThat(container.getResources().getLimits())
                .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")));
        assertThat(container.getEnv()).extracting("name", "value").containsExactly(
                tuple("WORKSPACE_ID", "ws-aaaaaaaaaaaa"),
                tuple("USER_ID", "alice"),
                tuple("CODITECT_ROLE", "agent"),
                tuple("HTTP_PORT", "8080"),
                tuple("CODITECT_HTTP_HOST", "*"),
                tuple("CODITECT_AGENT_WORKSPACE_DIR", "/workspace"),
                tuple("CODITECT_AGENT_TRUSTED_KEYS_LOCATION", "/etc/coditect/trusted-keys/public-keys.pem"),
                tuple("CODITECT_DATA_DIR", "/workspace/.coditect"));
        assertThat(container.getVolumeMounts()).extracting("name", "mountPath", "readOnly").containsExactly(
                tuple("workspace-storage", "/workspace", null),
                tuple("trusted-keys", "/etc/coditect/trusted-keys", true));
        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("trusted-keys");
            assertThat(volume.getSecret().getSecretName()).isEqualTo("agent-keys");
            assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0444);
            assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("public-keys.pem");
                assertThat(item.getPath()).isEqualTo("public-keys.pem");
            });
        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);

        assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("workspace-storage");
            assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard-rwo");
            assertThat(claim.getSpec().getResources().getRequests()).isEqualTo(Map.of("storage", new Quantity("10Gi")));
        });
    }

    @Test
    void create_newWorkspace_headlessServiceOnAgentPort() {
        provisioner.create(workspace("ws-aaaaaaaaaaaa", "alice"));

        Service service = client.services().inNamespace(NAMESPACE).withName("ws-aaaaaaaaaaaa").get();
        assertThat(service.getMetadata().getLabels())
                .isEqualTo(Map.of("app", "workspace", "workspace-id", "ws-aaaaaaaaaaaa", "user-id", "alice"));
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("workspace-id", "ws-aaaaaaaaaaaa"));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("websocket");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("websocket");
        });
    }

    @Test
    void create_emailOwner_labelSafeUserIdAndRawEnvironment() {
        provisioner.create(workspace("ws-bbbbbbbbbbbb", "Alice.O'Hara+dev@example.com"));

        StatefulSet set = statefulSet("ws-bbbbbbbbbbbb");
        String label = set.getMetadata().getLabels().get("user-id");
        assertThat(label).matches("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?").startsWith("Alice.O_Hara_dev_example.com-");
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("user-id", label);
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(env -> assertThat(env.getValue()).isEqualTo("Alice.O'Hara+dev@example.com"));
    }

    @Test
    void stop_runningWorkspace_scaledToZeroVolumeKept() {
        Workspace workspace = workspace("ws-cccccccccccc", "alice");
        provisioner.create(workspace);
        claimFor(workspace.id());

        Phase phase = provisioner.stop(workspace);

        assertThat(phase).isEqualTo(Phase.of(WorkspaceStatus.STOPPING));
        assertThat(statefulSet(workspace.id()).getSpec().getReplicas()).isZero();
        assertThat(claim(workspace.id())).isNotNull();
        assertThat(client.services().inNamespace(NAMESPACE).withName(workspace.id()).get()).isNotNull();
    }

    @Test
    void start_stoppedWorkspace_scaledToOne() {
        Workspace workspace = workspace("ws-dddddddddddd", "alice");
        provisioner.create(workspace);
        provisioner.stop(workspace);

        Phase phase = provisioner.start(workspace);

        assertThat(phase).isEqualTo(Phase.starting(Progress.SCHEDULING));
        assertThat(statefulSet(workspace.id()).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void start_statefulSetGone_objectsMadeAgain() {
        Workspace workspace = workspace("ws-eeeeeeeeeeee", "alice");
        provisioner.create(workspace);
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(workspace.id()).delete();

        provisioner.start(workspace);

        assertThat(statefulSet(workspace.id()).getSpec().getReplicas()).isEqualTo(1);
        assertThat(client.services().inNamespace(NAMESPACE).withName(workspace.id()).get()).isNotNull();
    }

    @Test
    void stop_statefulSetGone_stoppedAtOnce() {
        assertThat(provisioner.stop(workspace("ws-ffffffffffff", "alice"))).isEqualTo(Phase.of(WorkspaceStatus.STOPPED));
    }

    @Test
    void delete_workspace_statefulSetServiceAndVolumeGone() {
        Workspace workspace = workspace("ws-gggggggggggg", "alice");
        Workspace other = workspace("ws-hhhhhhhhhhhh", "alice");
        provisioner.create(workspace);
        provisioner.create(other);
        claimFor(workspace.id());
        claimFor(other.id());

        provisioner.delete(workspace);

        assertThat(statefulSet(workspace.id())).isNull();
        assertThat(client.services().inNamespace(NAMESPACE).withName(workspace.id()).get()).isNull();
        assertThat(claim(workspace.id())).isNull();
        assertThat(statefulSet(other.id())).isNotNull();
        assertThat(claim(other.id())).isNotNull();
    }

    @Test
    void delete_nothingLeft_succeeds() {
        provisioner.delete(workspace("ws-iiiiiiiiiiii", "alice"));

        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void create_forbidden_clearErrorAndNothingLeft() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(403, status(403, "Forbidden", "statefulsets.apps is forbidden: no permission")).always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-jjjjjjjjjjjj", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.leftovers()).isFalse();
                    assertThat(e.getMessage()).contains("refused", "403", "permission");
                });
        assertNothingLeft();
    }

    @Test
    void create_nameTaken_clearErrorAndNothingLeft() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(409, status(409, "AlreadyExists", "statefulsets.apps \"ws-kkkkkkkkkkkk\" already exists"))
                .always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-kkkkkkkkkkkk", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("409", "already exists");
                });
        assertNothingLeft();
    }

    @Test
    void create_serverError_retryableAndNothingLeft() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(500, status(500, "InternalError", "etcdserver: request timed out")).always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-llllllllllll", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("500", "Try again");
                });
        assertNothingLeft();
    }

    @Test
    void create_apiServerTooSlow_retryableAndNothingLeft() {
        server.expect().post().delay(10_000).withPath(STATEFUL_SETS).andReturn(201, "{}").always();

        try (KubernetesClient impatient = clientWith(1_000, 0)) {
            KubernetesProvisioner slow = new KubernetesProvisioner(new WorkspaceCluster(impatient, SETTINGS), SETTINGS);

            assertThatThrownBy(() -> slow.create(workspace("ws-mmmmmmmmmmmm", "alice")))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("did not answer in time");
                    });
        }
        assertNothingLeft();
    }

    @Test
    void create_cleanupFailsToo_leftoversReported() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(500, status(500, "InternalError", "etcd down")).always();
        server.expect().delete().withPath(SERVICES + "/ws-nnnnnnnnnnnn")
                .andReturn(500, status(500, "InternalError", "etcd down")).always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-nnnnnnnnnnnn", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.leftovers()).isTrue();
                    assertThat(e.getMessage()).contains("delete the workspace to clean up");
                });
    }

    @Test
    void stop_conflict_retryable() {
        Workspace workspace = workspace("ws-oooooooooooo", "alice");
        provisioner.create(workspace);
        server.expect().patch().withPath(STATEFUL_SETS + "/" + workspace.id())
                .andReturn(409, status(409, "Conflict", "the object has been modified")).always();

        assertThatThrownBy(() -> provisioner.stop(workspace))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(statefulSet(workspace.id()).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void delete_forbidden_clearErrorAndStatefulSetKept() {
        Workspace workspace = workspace("ws-pppppppppppp", "alice");
        provisioner.create(workspace);
        server.expect().delete().withPath(STATEFUL_SETS + "/" + workspace.id())
                .andReturn(403, status(403, "Forbidden", "no delete for you")).always();

        assertThatThrownBy(() -> provisioner.delete(workspace))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("permission");
                });
        assertThat(statefulSet(workspace.id())).isNotNull();
    }

    private void assertNothingLeft() {
        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    private StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
    }

    private PersistentVolumeClaim claim(String workspaceId) {
        return client.persistentVolumeClaims().inNamespace(NAMESPACE)
                .withName("workspace-storage-" + workspaceId + "-0").get();
    }

    /** What the StatefulSet controller (which the mock does not have) would make for the pod. */
    private void claimFor(String workspaceId) {
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
