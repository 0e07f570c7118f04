package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod template of a workspace (pure, no API calls): one agent container, locked down to what
 * the Pod Security Standard {@code restricted} allows, since the user's shells run in it.
 *
 * <ul>
 *   <li>No Kubernetes API token and no service links: nothing in the pod talks to the API, and a
 *       shell must not find a credential or the cluster's service addresses in its environment.</li>
 *   <li>UID/GID 1001 (the image's user), volume files group 1001 so the workspace volume is
 *       writable (changed only when the volume's root does not match, not on every mount of a big
 *       volume), the runtime's default seccomp profile, no capability, no privilege escalation.</li>
 *   <li>A read-only root filesystem: the image (the agent's own Liberty configuration among it)
 *       cannot be changed from a shell. Liberty writes its work area and keystore under
 *       {@code /opt/ol/wlp/output} and its logs under {@code /logs}, the JVM and the shells write
 *       {@code /tmp}: each an emptyDir with a size limit. The user's files and the agent's saved
 *       sessions are on the workspace volume.</li>
 *   <li>Startup, readiness and liveness probes on the application's health checks, on the
 *       management port, which only the kubelet uses: the gateways reach the agent on its HTTP port,
 *       where health, metrics and the OpenAPI document do not answer.</li>
 *   <li>Requests and limits for CPU, memory and ephemeral storage, and a heap cap for the agent's
 *       JVM ({@link AgentEnvironment}) so the memory limit is left to the user's work.</li>
 * </ul>
 */
public final class WorkspacePod {
    public static final String CONTAINER = "workspace";
    public static final int AGENT_PORT = 8080;
    public static final String PORT_NAME = "websocket";
    /** Health, metrics and the OpenAPI document (Liberty's management endpoint; docs/deployment.md). */
    public static final int MANAGEMENT_PORT = 8081;
    public static final String MANAGEMENT_PORT_NAME = "management";
    public static final long USER_AND_GROUP = 1001L;
    public static final String WORKSPACE_MOUNT_PATH = "/workspace";
    /** The gateways' public keys, from the Secret {@code coditect.kubernetes.workspace.trusted-keys-secret}. */
    public static final String TRUSTED_KEYS_VOLUME = "trusted-keys";
    public static final String TRUSTED_KEYS_DIR = "/etc/coditect/trusted-keys";
    public static final String TRUSTED_KEYS_FILE = "public-keys.pem";
    /** Where Liberty writes in the Open Liberty image: WLP_OUTPUT_DIR (work area, keystore, class cache) and LOG_DIR. */
    public static final String LIBERTY_OUTPUT_DIR = "/opt/ol/wlp/output";
    public static final String LOG_DIR = "/logs";
    public static final String TMP_DIR = "/tmp";
    /** Liberty's work area, its keystore and the OpenJ9 class cache it makes at start (about 80 MiB). */
    static final String LIBERTY_OUTPUT_SIZE = "256Mi";
    static final String LOG_SIZE = "128Mi";
    /** Public keys: readable by everyone in the pod (0444), and only written by the kubelet. */
    private static final int TRUSTED_KEYS_MODE = 0444;

    private WorkspacePod() {
    }

    public static PodTemplateSpec template(Workspace workspace, KubernetesSettings settings) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(WorkspaceLabels.of(workspace)).endMetadata()
                .withNewSpec()
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withNodeSelector(settings.nodeSelector())
                    .withTolerations(tolerationsFor(settings.nodeSelector()))
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(USER_AND_GROUP)
                        .withRunAsGroup(USER_AND_GROUP)
                        .withFsGroup(USER_AND_GROUP)
                        .withFsGroupChangePolicy("OnRootMismatch")
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .withContainers(container(workspace, settings))
                    .withVolumes(volumes(settings))
                .endSpec()
                .build();
    }

    private static Container container(Workspace workspace, KubernetesSettings settings) {
        WorkspaceResources resources = settings.resources();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.image())
                .addNewPort()
                    .withName(PORT_NAME)
                    .withContainerPort(AGENT_PORT)
                    .withProtocol("TCP")
                .endPort()
                .addNewPort()
                    .withName(MANAGEMENT_PORT_NAME)
                    .withContainerPort(MANAGEMENT_PORT)
                    .withProtocol("TCP")
                .endPort()
                .withEnv(AgentEnvironment.of(workspace, settings))
                .withNewResources()
                    .withRequests(quantities(resources.cpuRequest(), resources.memoryRequest(),
                            resources.ephemeralStorageRequest()))
                    .withLimits(quantities(resources.cpuLimit(), resources.memoryLimit(),
                            resources.ephemeralStorageLimit()))
                .endResources()
                .withVolumeMounts(volumeMounts())
                // Liberty starts in seconds, but a spot node may be slow and the agent restores its sessions first.
                .withStartupProbe(probe("/health/started", 5, 36))
                .withReadinessProbe(probe("/health/ready", 5, 2))
                // Only a deadlocked agent is restarted; its shells die with it, so it takes 30 s of failures.
                .withLivenessProbe(probe("/health/live", 10, 3))
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static Map<String, Quantity> quantities(String cpu, String memory, String ephemeralStorage) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        quantities.put("cpu", new Quantity(cpu));
        quantities.put("memory", new Quantity(memory));
        quantities.put("ephemeral-storage", new Quantity(ephemeralStorage));
        return quantities;
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withNewPort(MANAGEMENT_PORT_NAME).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static List<VolumeMount> volumeMounts() {
        return List.of(
                mount(WorkspaceStatefulSet.VOLUME, WORKSPACE_MOUNT_PATH, false),
                mount(TRUSTED_KEYS_VOLUME, TRUSTED_KEYS_DIR, true),
                mount("liberty-output", LIBERTY_OUTPUT_DIR, false),
                mount("logs", LOG_DIR, false),
                mount("tmp", TMP_DIR, false));
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? true : null).build();
    }

    private static List<Volume> volumes(KubernetesSettings settings) {
        return List.of(
                new VolumeBuilder()
                        .withName(TRUSTED_KEYS_VOLUME)
                        .withNewSecret()
                            .withSecretName(settings.trustedKeysSecret())
                            .withDefaultMode(TRUSTED_KEYS_MODE)
                            .addNewItem().withKey(TRUSTED_KEYS_FILE).withPath(TRUSTED_KEYS_FILE).endItem()
                        .endSecret()
                        .build(),
                emptyDir("liberty-output", LIBERTY_OUTPUT_SIZE),
                emptyDir("logs", LOG_SIZE),
                emptyDir("tmp", settings.resources().tmpSize()));
    }

    private static Volume emptyDir(String name, String sizeLimit) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().withSizeLimit(new Quantity(sizeLimit)).endEmptyDir().build();
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
