package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;

/**
 * The desired StatefulSet of a workspace, as a pure function of the workspace and the settings
 * (the way a Java Operator SDK dependent resource's {@code desired()} is): no API calls here.
 *
 * <p>One replica of the agent container on a spot node, non-root (UID/GID 1001, files group 1001
 * so the volume is writable), with its files on a volume from a claim template mounted at
 * {@code /workspace}. The claim is deleted with the StatefulSet and kept when it is scaled to zero,
 * which is what stopping does. The gateways' public keys, which the agent checks every gateway
 * request against, are a Secret mounted read-only; the gateway's private key never reaches a
 * workspace pod (its user's shells run there).
 */
public final class WorkspaceStatefulSet {
    public static final String CONTAINER = "workspace";
    public static final int AGENT_PORT = 8080;
    public static final String PORT_NAME = "websocket";
    public static final String VOLUME = "workspace-storage";
    public static final String MOUNT_PATH = "/workspace";
    public static final String READINESS_PATH = "/health/ready";
    public static final long USER_AND_GROUP = 1001L;
    /** The gateways' public keys, from the Secret {@code coditect.kubernetes.workspace.trusted-keys-secret}. */
    public static final String TRUSTED_KEYS_VOLUME = "trusted-keys";
    public static final String TRUSTED_KEYS_DIR = "/etc/coditect/trusted-keys";
    public static final String TRUSTED_KEYS_FILE = "public-keys.pem";
    /** Public keys: readable by everyone in the pod (0444), and only written by the kubelet. */
    private static final int TRUSTED_KEYS_MODE = 0444;

    private WorkspaceStatefulSet() {
    }

    public static StatefulSet desired(Workspace workspace, KubernetesSettings settings) {
        Map<String, String> labels = WorkspaceLabels.of(workspace);
        return new StatefulSetBuilder()
                .withNewMetadata()
                    .withName(workspace.id())
                    .withNamespace(settings.namespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withServiceName(WorkspaceHeadlessService.nameOf(workspace.id()))
                    .withNewSelector().withMatchLabels(WorkspaceLabels.selector(workspace)).endSelector()
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted("Delete")
                        .withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withNodeSelector(settings.nodeSelector())
                            .withTolerations(tolerationsFor(settings.nodeSelector()))
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(USER_AND_GROUP)
                                .withRunAsGroup(USER_AND_GROUP)
                                .withFsGroup(USER_AND_GROUP)
                            .endSecurityContext()
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(settings.image())
                                .addNewPort()
                                    .withName(PORT_NAME)
                                    .withContainerPort(AGENT_PORT)
                                    .withProtocol("TCP")
                                .endPort()
                                .withEnv(AgentEnvironment.of(workspace))
                                .withNewResources()
                                    .withRequests(Map.of(
                                            "cpu", new Quantity(settings.cpuRequest()),
                                            "memory", new Quantity(settings.memoryRequest())))
                                    .withLimits(Map.of(
                                            "cpu", new Quantity(settings.cpuLimit()),
                                            "memory", new Quantity(settings.memoryLimit())))
                                .endResources()
                                .addNewVolumeMount()
                                    .withName(VOLUME)
                                    .withMountPath(MOUNT_PATH)
                                .endVolumeMount()
                                .addNewVolumeMount()
                                    .withName(TRUSTED_KEYS_VOLUME)
                                    .withMountPath(TRUSTED_KEYS_DIR)
                                    .withReadOnly(true)
                                .endVolumeMount()
                                .withNewReadinessProbe()
                                    .withNewHttpGet()
                                        .withPath(READINESS_PATH)
                                        .withNewPort(AGENT_PORT)
                                    .endHttpGet()
                                    .withPeriodSeconds(5)
                                .endReadinessProbe()
                            .endContainer()
                            .addNewVolume()
                                .withName(TRUSTED_KEYS_VOLUME)
                                .withNewSecret()
                                    .withSecretName(settings.trustedKeysSecret())
                                    .withDefaultMode(TRUSTED_KEYS_MODE)
                                    .addNewItem().withKey(TRUSTED_KEYS_FILE).withPath(TRUSTED_KEYS_FILE).endItem()
                                .endSecret()
                            .endVolume()
                        .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName(VOLUME).endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(settings.storageClass())
                            .withNewResources()
                                .withRequests(Map.of("storage", new Quantity(settings.storageSize())))
                            .endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    /** The claim the StatefulSet controller makes for the workspace's one pod: {@code <template>-<set>-0}. */
    public static String claimName(String workspaceId) {
        return VOLUME + "-" + workspaceId + "-0";
    }

    /** The one pod of the workspace: the StatefulSet's ordinal 0. */
    public static String podName(String workspaceId) {
        return workspaceId + "-0";
    }

    /** Spot nodes carry a taint as well as a label: the pod must tolerate what it selects. */
    private static List<Toleration> tolerationsFor(Map<String, String> nodeSelector) {
        return nodeSelector.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> new TolerationBuilder()
                        .withKey(entry.getKey())
                        .withOperator("Equal")
                        .withValue(entry.getValue())
                        .withEffect("NoSchedule")
                        .build())
                .toList();
    }
}
