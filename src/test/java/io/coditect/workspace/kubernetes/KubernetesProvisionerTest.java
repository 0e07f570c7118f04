package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.coditect.recording.RecordingSettings;
import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.ProvisioningException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kubernetes provisioner's calls against fabric8's mock API server in CRUD mode (it stores what it is sent). */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesProvisionerTest extends ProvisionerFixture {
    @Test
    void create_newWorkspace_statefulSetExactlyTheDesiredOne() {
        Workspace workspace = workspace("ws-aaaaaaaaaaaa", "alice");

        Phase phase = provisioner.create(workspace);

        assertThat(phase).isEqualTo(Phase.starting(Progress.SCHEDULING));
        StatefulSet set = statefulSet(workspace.id());
        StatefulSet desired = WorkspaceStatefulSet.desired(workspace, SETTINGS);
        assertThat(set.getMetadata().getName()).isEqualTo("ws-aaaaaaaaaaaa");
        assertThat(set.getMetadata().getLabels()).isEqualTo(desired.getMetadata().getLabels());
        assertThat(set.getSpec()).isEqualTo(desired.getSpec());
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry.test/agent:1");
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
    void start_stoppedWorkspaceOfAnOlderGateway_exactlyTheCurrentPodWithOneReplica() {
        Workspace workspace = workspace("ws-dddddddddddd", "alice");
        createdByAnOlderGateway(workspace);
        provisioner.stop(workspace);
        KubernetesSettings upgraded = new KubernetesSettings(NAMESPACE, "registry.test/agent:2",
                new WorkspaceResources("2", "4Gi", "4", "8Gi", "2Gi", "4Gi", "2Gi", "512m"),
                "standard-rwo", "10Gi", Map.of("pool", "workspaces"), "agent-keys-2", 10_000, 2,
                new RecordingSettings(false, false, 90, 1 << 24).forAgents());
        KubernetesProvisioner current = new KubernetesProvisioner(new WorkspaceCluster(client, upgraded), upgraded);

        Phase phase = current.start(workspace);

        assertThat(phase).isEqualTo(Phase.starting(Progress.SCHEDULING));
        StatefulSet set = statefulSet(workspace.id());
        StatefulSet desired = WorkspaceStatefulSet.desired(workspace, upgraded);
        assertThat(set.getSpec()).isEqualTo(desired.getSpec());
        assertThat(set.getMetadata().getLabels()).isEqualTo(desired.getMetadata().getLabels());
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry.test/agent:2");
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .extracting("name", "value")
                .contains(tuple("CODITECT_RECORDING_RETENTION_DAYS", "90"), tuple("CODITECT_RECORDING_ENABLED", "false"));
    }

    @Test
    void start_storageSettingsChangedSinceCreate_claimTemplateKeptAsKubernetesRequires() {
        Workspace workspace = workspace("ws-dddddddddddd", "alice");
        provisioner.create(workspace);
        provisioner.stop(workspace);
        StatefulSet before = statefulSet(workspace.id());
        KubernetesSettings biggerDisks = new KubernetesSettings(NAMESPACE, "registry.test/agent:2", RESOURCES,
                "premium-rwo", "50Gi", SETTINGS.nodeSelector(), "agent-keys", 10_000, 2, SETTINGS.agentConfig());

        new KubernetesProvisioner(new WorkspaceCluster(client, biggerDisks), biggerDisks).start(workspace);

        StatefulSet after = statefulSet(workspace.id());
        StatefulSet desired = WorkspaceStatefulSet.desired(workspace, biggerDisks);
        assertThat(after.getSpec().getVolumeClaimTemplates()).isEqualTo(before.getSpec().getVolumeClaimTemplates());
        assertThat(after.getSpec().getSelector()).isEqualTo(before.getSpec().getSelector());
        assertThat(after.getSpec().getTemplate()).isEqualTo(desired.getSpec().getTemplate());
        assertThat(after.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void start_statefulSetGoneButClaimKept_objectsMadeAgainOnTheSameClaim() {
        Workspace workspace = workspace("ws-eeeeeeeeeeee", "alice");
        provisioner.create(workspace);
        claimFor(workspace.id());
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(workspace.id()).delete();

        Phase phase = provisioner.start(workspace);

        assertThat(phase).isEqualTo(Phase.starting(Progress.SCHEDULING));
        StatefulSet set = statefulSet(workspace.id());
        assertThat(set.getSpec()).isEqualTo(WorkspaceStatefulSet.desired(workspace, SETTINGS).getSpec());
        assertThat(claim(workspace.id())).as("the claim the new pod mounts").isNotNull();
        assertThat(client.services().inNamespace(NAMESPACE).withName(workspace.id()).get()).isNotNull();
    }

    @Test
    void start_statefulSetAndClaimBothGone_failedWithReason_noEmptyVolumeMade() {
        Workspace workspace = workspace("ws-eeeeeeeeeeee", "alice");
        provisioner.create(workspace);
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(workspace.id()).delete();

        Phase phase = provisioner.start(workspace);

        assertThat(phase.status()).isEqualTo(WorkspaceStatus.FAILED);
        assertThat(phase.reason()).contains("workspace-storage-ws-eeeeeeeeeeee-0", "no longer exists",
                "not started on an empty volume");
        assertThat(statefulSet(workspace.id())).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void start_statefulSetChangedMeanwhile_retryableAndNotOverwritten() {
        Workspace workspace = workspace("ws-dddddddddddd", "alice");
        provisioner.create(workspace);
        provisioner.stop(workspace);
        server.expect().patch().withPath(STATEFUL_SETS + "/" + workspace.id())
                .andReturn(409, status(409, "Conflict", "the object has been modified")).always();

        assertThatThrownBy(() -> provisioner.start(workspace))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(statefulSet(workspace.id()).getSpec().getReplicas()).isZero();
    }

    @Test
    void delete_workspace_onlyCallThatRemovesTheClaim() {
        Workspace workspace = workspace("ws-dddddddddddd", "alice");
        provisioner.create(workspace);
        claimFor(workspace.id());
        provisioner.stop(workspace);
        provisioner.start(workspace);
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(workspace.id()).delete();
        assertThat(claim(workspace.id())).as("kept when only the StatefulSet goes").isNotNull();

        provisioner.delete(workspace);

        assertThat(claim(workspace.id())).isNull();
    }

    /** What a gateway before the hardening made: no security contexts, no probes but readiness, claims deleted with the set. */
    private void createdByAnOlderGateway(Workspace workspace) {
        StatefulSet old = new StatefulSetBuilder(
                WorkspaceStatefulSet.desired(workspace, SETTINGS))
                .editSpec()
                    .editPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete").endPersistentVolumeClaimRetentionPolicy()
                    .editTemplate().editSpec()
                        .withSecurityContext(null).withAutomountServiceAccountToken(null).withEnableServiceLinks(null)
                        .withVolumes(WorkspaceStatefulSet.desired(workspace, SETTINGS).getSpec().getTemplate().getSpec()
                                .getVolumes().getFirst())
                        .editFirstContainer()
                            .withImage("registry.test/agent:0").withSecurityContext(null)
                            .withStartupProbe(null).withLivenessProbe(null)
                        .endContainer()
                    .endSpec().endTemplate()
                .endSpec()
                .build();
        client.apps().statefulSets().inNamespace(NAMESPACE).resource(old).create();
        client.services().inNamespace(NAMESPACE).resource(WorkspaceHeadlessService.desired(workspace, SETTINGS)).create();
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
}
