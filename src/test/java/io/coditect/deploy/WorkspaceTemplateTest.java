package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference workspace (k8s/reference) agrees with the gateway's manifests and the image. */
class WorkspaceTemplateTest {
    static final String WORKSPACE = "ws-0123456789ab";
    private static final int AGENT_PORT = 8080;

    private final StatefulSet workspace = Manifests.one("k8s/reference", StatefulSet.class, WORKSPACE);
    private final PodSpec pod = workspace.getSpec().getTemplate().getSpec();
    private final Container agent = pod.getContainers().getFirst();

    @Test
    void labels_nameTheAppTheWorkspaceAndItsUser_onTheSetItsPodsAndTheService() {
        Service service = Manifests.one("k8s/reference", Service.class, WORKSPACE);
        Map<String, String> labels = Map.of("app", Labels.WORKSPACE_APP, "workspace-id", WORKSPACE);
        // The pod is selected by its workspace's id alone (a StatefulSet's selector can never change).
        Map<String, String> selector = Map.of("workspace-id", WORKSPACE);

        assertThat(workspace.getMetadata().getLabels()).containsAllEntriesOf(labels).containsKey("user-id");
        assertThat(workspace.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(labels).containsKey("user-id");
        assertThat(workspace.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
        assertThat(service.getSpec().getSelector()).isEqualTo(selector);
    }

    @Test
    void agent_isTheGatewayImageInTheAgentRole_onPort8080NamedWebsocket_probedOnItsManagementPort() {
        Container gateway = Manifests.one("k8s/base", Deployment.class, "coditect-gateway")
                .getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(agent.getImage()).isEqualTo(gateway.getImage());
        assertThat(agent.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("CODITECT_ROLE");
            assertThat(env.getValue()).isEqualTo("agent");
        });
        assertThat(agent.getPorts()).satisfiesExactly(port -> {
            assertThat(port.getName()).isEqualTo("websocket");
            assertThat(port.getContainerPort()).isEqualTo(AGENT_PORT).isEqualTo(ImageSettings.httpPort());
        }, port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(port.getContainerPort()).isEqualTo(ImageSettings.managementPort());
        });
    }

    @Test
    void headlessService_givesTheAgentItsStableAddress() {
        Service service = Manifests.one("k8s/reference", Service.class, WORKSPACE);

        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(workspace.getSpec().getServiceName()).isEqualTo(service.getMetadata().getName());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("websocket");
            assertThat(port.getPort()).isEqualTo(AGENT_PORT);
        });
    }

    @Test
    void storage_isTheWorkspaceStorageClaim_mountedAtWorkspace() {
        assertThat(workspace.getSpec().getReplicas()).isEqualTo(1);
        assertThat(workspace.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("workspace-storage"));
        assertThat(agent.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("workspace-storage");
            assertThat(mount.getMountPath()).isEqualTo("/workspace");
        });
    }

    @Test
    void agent_trustsTheGatewaysPublicKeys_fromTheirSecret_mountedReadOnlyWhereItsSettingPoints() {
        Path keys = Path.of(env("CODITECT_AGENT_TRUSTED_KEYS_LOCATION"));
        VolumeMount mount = agent.getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(keys.getParent().toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + keys.getParent()));
        Volume volume = pod.getVolumes().stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst().orElseThrow();

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName())
                .isEqualTo(ConfigKeys.defaultValue("coditect.kubernetes.workspace.trusted-keys-secret"));
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(item ->
                assertThat(item.getPath()).isEqualTo(keys.getFileName().toString()));
        assertThat(env("WORKSPACE_ID")).isEqualTo(WORKSPACE);
        assertThat(env("CODITECT_AGENT_WORKSPACE_DIR")).isEqualTo("/workspace");
        // Saved terminal sessions live where the workspace's files do, and survive the pod with them.
        assertThat(env("CODITECT_DATA_DIR")).startsWith(env("CODITECT_AGENT_WORKSPACE_DIR") + "/");
    }

    @Test
    void agent_getsNoKeyThatSigns_onlyPublicOnes() {
        assertThat(pod.getVolumes()).noneSatisfy(volume -> assertThat(volume.getSecret() != null
                && volume.getSecret().getSecretName().equals("coditect-gateway-signing-key")).isTrue());
        assertThat(agent.getEnv()).noneSatisfy(env -> assertThat(env.getName()).startsWith("CODITECT_GATEWAY_"));
    }

    @Test
    void pod_runsAsUidAndGid1001_lockedDown_withoutAnApiToken() {
        PodChecks.assertLockedDown(pod, agent, "1001");
        PodChecks.assertWritableWhereTheImageWrites(pod, agent);
        PodChecks.assertRequestsAndLimits(agent);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
    }

    @Test
    void probes_askTheApplicationsHealthChecks() {
        PodChecks.assertProbesUseTheHealthChecks(agent);
    }

    @Test
    void networkPolicy_letsOnlyGatewaysReachTheAgentPort() {
        NetworkPolicy policy = Manifests.one("k8s/base", NetworkPolicy.class, "workspace-agents");

        assertThat(workspace.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort().getIntVal()).isEqualTo(AGENT_PORT);
                assertThat(port.getProtocol()).isEqualTo("TCP");
            });
        });
    }

    private String env(String name) {
        return agent.getEnv().stream().filter(variable -> variable.getName().equals(name))
                .map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("agent has no env " + name));
    }
}
