package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.coditect.recording.RecordingSettings;
import io.coditect.testing.PodSecurityRestricted;
import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The workspace's StatefulSet and pod as {@code desired()} builds them: hardened, probed, bounded. */
class WorkspaceStatefulSetTest {
    private static final KubernetesSettings SETTINGS = KubernetesProvisionerTest.SETTINGS;
    private final Workspace workspace = KubernetesProvisionerTest.workspace("ws-aaaaaaaaaaaa", "alice");
    private final StatefulSet set = WorkspaceStatefulSet.desired(workspace, SETTINGS);
    private final PodSpec pod = set.getSpec().getTemplate().getSpec();
    private final Container container = pod.getContainers().getFirst();

    @Test
    void podTemplate_passesPodSecurityStandardRestricted() {
        PodSecurityRestricted.assertRestricted(set.getSpec().getTemplate(), "the desired workspace pod");
        PodSecurityRestricted.assertRestricted(
                WorkspaceStatefulSet.desired(SampleWorkspace.workspace(), SampleWorkspace.defaultSettings())
                        .getSpec().getTemplate(), "the desired workspace pod with the default settings");
    }

    /** The names the StatefulSet controller gives the one pod and its claim (ordinal 0), which the provisioner looks up. */
    @Test
    void podNameAndClaimName_theControllersNamesForOrdinalZero() {
        String name = set.getMetadata().getName();
        assertThat(WorkspaceStatefulSet.podName("ws-aaaaaaaaaaaa")).isEqualTo(name + "-0").isEqualTo("ws-aaaaaaaaaaaa-0");
        assertThat(WorkspaceStatefulSet.claimName("ws-aaaaaaaaaaaa"))
                .isEqualTo(set.getSpec().getVolumeClaimTemplates().getFirst().getMetadata().getName() + "-" + name + "-0");
    }

    @Test
    void set_oneReplica_claimKeptOnScaleAndOnDelete_selectedByWorkspaceId() {
        Map<String, String> labels = Map.of("app", "workspace", "workspace-id", "ws-aaaaaaaaaaaa", "user-id", "alice");
        assertThat(set.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(set.getMetadata().getNamespace()).isEqualTo(KubernetesProvisionerTest.NAMESPACE);
        assertThat(set.getSpec().getReplicas()).isEqualTo(1);
        assertThat(set.getSpec().getServiceName()).isEqualTo("ws-aaaaaaaaaaaa");
        assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("workspace-id", "ws-aaaaaaaaaaaa"));
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
        assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("workspace-storage");
            assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard-rwo");
            assertThat(claim.getSpec().getResources().getRequests()).isEqualTo(Map.of("storage", new Quantity("10Gi")));
        });
    }

    @Test
    void pod_noApiTokenNoServiceLinks_uid1001_seccompRuntimeDefault_onSpotNodes() {
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("cloud.google.com/gke-spot", "true"));
        assertThat(pod.getTolerations()).singleElement().satisfies(toleration -> {
            assertThat(toleration.getKey()).isEqualTo("cloud.google.com/gke-spot");
            assertThat(toleration.getOperator()).isEqualTo("Equal");
            assertThat(toleration.getValue()).isEqualTo("true");
            assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getContainers()).hasSize(1);
    }

    @Test
    void container_noPrivilegeNoCapability_readOnlyRoot() {
        assertThat(container.getName()).isEqualTo("workspace");
        assertThat(container.getImage()).isEqualTo("registry.test/agent:1");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isEmpty();
        assertThat(container.getSecurityContext().getPrivileged()).isNull();
    }

    @Test
    void container_writableOnlyOnItsVolumes_emptyDirsSizedWhereLibertyAndTheShellsWrite() {
        assertThat(container.getVolumeMounts()).extracting("name", "mountPath", "readOnly").containsExactly(
                tuple("workspace-storage", "/workspace", null),
                tuple("trusted-keys", "/etc/coditect/trusted-keys", true),
                tuple("liberty-output", "/opt/ol/wlp/output", null),
                tuple("logs", "/logs", null),
                tuple("tmp", "/tmp", null));
        assertThat(pod.getVolumes()).extracting("name").containsExactly("trusted-keys", "liberty-output", "logs", "tmp");
        assertThat(pod.getVolumes().getFirst().getSecret()).satisfies(secret -> {
            assertThat(secret.getSecretName()).isEqualTo("agent-keys");
            assertThat(secret.getDefaultMode()).isEqualTo(0444);
            assertThat(secret.getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("public-keys.pem");
                assertThat(item.getPath()).isEqualTo("public-keys.pem");
            });
        });
        assertThat(pod.getVolumes().subList(1, 4)).extracting(volume -> volume.getEmptyDir().getSizeLimit())
                .containsExactly(new Quantity("256Mi"), new Quantity("128Mi"), new Quantity("1Gi"));
    }

    @Test
    void container_requestsAndLimits_cpuMemoryAndEphemeralStorage() {
        assertThat(container.getResources().getRequests()).isEqualTo(Map.of(
                "cpu", new Quantity("1"), "memory", new Quantity("2Gi"), "ephemeral-storage", new Quantity("1Gi")));
        assertThat(container.getResources().getLimits()).isEqualTo(Map.of(
                "cpu", new Quantity("2"), "memory", new Quantity("4Gi"), "ephemeral-storage", new Quantity("2Gi")));
    }

    @Test
    void container_environment_agentRoleItsWorkspaceAndAHeapCapForLibertysJvmOnly() {
        assertThat(container.getEnv()).extracting("name", "value").containsExactly(
                tuple("WORKSPACE_ID", "ws-aaaaaaaaaaaa"),
                tuple("USER_ID", "alice"),
                tuple("CODITECT_ROLE", "agent"),
                tuple("HTTP_PORT", "8080"),
                tuple("MANAGEMENT_PORT", "8081"),
                tuple("CODITECT_HTTP_HOST", "*"),
                tuple("CODITECT_AGENT_WORKSPACE_DIR", "/workspace"),
                tuple("CODITECT_AGENT_TRUSTED_KEYS_LOCATION", "/etc/coditect/trusted-keys/public-keys.pem"),
                tuple("CODITECT_DATA_DIR", "/workspace/.coditect"),
                tuple("JVM_ARGS", "-Xmx384m"),
                tuple("CODITECT_RECORDING_ENABLED", "true"),
                tuple("CODITECT_RECORDING_INPUT", "true"),
                tuple("CODITECT_RECORDING_PENDING_BYTES", "1048576"),
                tuple("CODITECT_RECORDING_RETENTION_DAYS", "7"));
        assertThat(container.getPorts()).satisfiesExactly(port -> {
            assertThat(port.getName()).isEqualTo("websocket");
            assertThat(port.getContainerPort()).isEqualTo(8080);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        }, port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(port.getContainerPort()).isEqualTo(8081);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
    }

    /**
     * The gateway's own recording settings, read through the producer as the server reads them,
     * land in the agent's environment under the names MicroProfile Config maps to their keys: an
     * agent keeps and bounds recordings as the deployment says, not with its defaults.
     */
    @Test
    void container_environment_theGatewaysRecordingSettings_notTheAgentsDefaults() {
        RecordingSettings gateway = new RecordingSettings(false, false, 90, 16_777_216);
        KubernetesSettings settings = KubernetesProducer.workspaceSettings(SETTINGS.namespace(), SETTINGS.image(),
                SETTINGS.resources(), SETTINGS.storageClass(), SETTINGS.storageSize(), Optional.of("pool=workspaces"),
                SETTINGS.trustedKeysSecret(), SETTINGS.requestTimeoutMillis(), SETTINGS.requestRetries(), List.of(gateway));

        Container agent = WorkspaceStatefulSet.desired(workspace, settings).getSpec().getTemplate().getSpec()
                .getContainers().getFirst();

        assertThat(agent.getEnv()).extracting("name", "value").contains(
                tuple("CODITECT_RECORDING_ENABLED", "false"),
                tuple("CODITECT_RECORDING_INPUT", "false"),
                tuple("CODITECT_RECORDING_PENDING_BYTES", "16777216"),
                tuple("CODITECT_RECORDING_RETENTION_DAYS", "90"));
        assertThat(agent.getEnv()).extracting("name").doesNotHaveDuplicates();
    }

    @Test
    void agentEnvironment_variableNames_asMicroProfileConfigMapsKeys() {
        assertThat(AgentEnvironment.variableOf("coditect.recording.retention-days")).isEqualTo("CODITECT_RECORDING_RETENTION_DAYS");
        assertThat(AgentEnvironment.variableOf("coditect.a/b_c9")).isEqualTo("CODITECT_A_B_C9");
    }

    @Test
    void container_startupReadinessAndLivenessProbes_onTheHealthEndpoints_onTheManagementPort() {
        assertProbe(container.getStartupProbe(), "/health/started", 5, 36);
        assertProbe(container.getReadinessProbe(), "/health/ready", 5, 2);
        assertProbe(container.getLivenessProbe(), "/health/live", 10, 3);
    }

    private static void assertProbe(Probe probe, String path, int period, int failures) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(probe.getPeriodSeconds()).isEqualTo(period);
        assertThat(probe.getTimeoutSeconds()).isEqualTo(3);
        assertThat(probe.getFailureThreshold()).isEqualTo(failures);
        assertThat(probe.getInitialDelaySeconds()).isNull();
    }

    @Test
    void started_existingSet_currentTemplateAndPolicyAndOneReplica_immutableFieldsAndVersionKept() {
        StatefulSet existing = new StatefulSetBuilder(set)
                .editMetadata().withResourceVersion("41").endMetadata()
                .editSpec()
                    .withReplicas(0)
                    .editSelector().withMatchLabels(Map.of("workspace-id", "ws-aaaaaaaaaaaa", "legacy", "yes")).endSelector()
                    .editPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete").endPersistentVolumeClaimRetentionPolicy()
                    .editTemplate().editSpec().editFirstContainer().withImage("registry.test/agent:0").endContainer()
                    .endSpec().endTemplate()
                .endSpec()
                .build();
        KubernetesSettings upgraded = new KubernetesSettings(SETTINGS.namespace(), "registry.test/agent:2",
                SETTINGS.resources(), "premium-rwo", "99Gi", SETTINGS.nodeSelector(), SETTINGS.trustedKeysSecret(),
                SETTINGS.requestTimeoutMillis(), SETTINGS.requestRetries(),
                new RecordingSettings(false, false, 30, 8 << 20).forAgents());

        StatefulSet started = WorkspaceStatefulSet.started(existing, workspace, upgraded);

        StatefulSet expected = new StatefulSetBuilder(WorkspaceStatefulSet.desired(workspace, upgraded))
                .editMetadata().withResourceVersion("41").endMetadata()
                .editSpec()
                    .withSelector(existing.getSpec().getSelector())
                    .withVolumeClaimTemplates(existing.getSpec().getVolumeClaimTemplates())
                .endSpec()
                .build();
        assertThat(started).isEqualTo(expected);
    }

    @Test
    void settings_agentHeapNotAJvmSize_clearError() {
        assertThatThrownBy(() -> new WorkspaceResources("1", "2Gi", "2", "4Gi", "1Gi", "2Gi", "1Gi", "75%"))
                .hasMessageContaining("coditect.kubernetes.workspace.agent-max-heap");
    }
}
