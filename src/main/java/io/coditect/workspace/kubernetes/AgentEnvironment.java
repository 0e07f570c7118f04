package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The environment of the agent container, in one place: which workspace and user it serves, that
 * it plays the agent role, where it listens (the port the Service and the gateway use, and the
 * management port the probes use), where the workspace's files are, where the gateways' public keys it trusts are mounted
 * ({@link WorkspacePod#TRUSTED_KEYS_DIR}), its data directory, its JVM's heap cap, and the
 * gateway's settings it shares ({@link KubernetesSettings#agentConfig()}), each under the
 * environment variable MicroProfile Config reads for its key.
 */
public final class AgentEnvironment {
    /** The agent's data directory, on the workspace's volume. */
    public static final String DATA_DIR = WorkspacePod.WORKSPACE_MOUNT_PATH + "/.coditect";
    /**
     * Options the Open Liberty {@code server} script adds to the server's JVM only. Unlike
     * {@code JAVA_TOOL_OPTIONS} or {@code OPENJ9_JAVA_OPTIONS}, no other JVM reads it, so a build the
     * user runs in a shell keeps its own heap; and the image's own {@code OPENJ9_JAVA_OPTIONS}
     * (its shared class cache) stays as it is.
     */
    public static final String JVM_OPTIONS = "JVM_ARGS";

    private AgentEnvironment() {
    }

    public static List<EnvVar> of(Workspace workspace, KubernetesSettings settings) {
        WorkspaceResources resources = settings.resources();
        List<EnvVar> env = new ArrayList<>(List.of(
                env("WORKSPACE_ID", workspace.id()),
                env("USER_ID", workspace.owner()),
                env("CODITECT_ROLE", "agent"),
                env("HTTP_PORT", String.valueOf(WorkspacePod.AGENT_PORT)),
                env("MANAGEMENT_PORT", String.valueOf(WorkspacePod.MANAGEMENT_PORT)),
                // Liberty listens on localhost unless told otherwise; the kubelet and gateways come from outside.
                env("CODITECT_HTTP_HOST", "*"),
                env("CODITECT_AGENT_WORKSPACE_DIR", WorkspacePod.WORKSPACE_MOUNT_PATH),
                env("CODITECT_AGENT_TRUSTED_KEYS_LOCATION",
                        WorkspacePod.TRUSTED_KEYS_DIR + "/" + WorkspacePod.TRUSTED_KEYS_FILE),
                // The agent's store (its saved terminal sessions) on the volume: a rescheduled pod brings them back.
                env("CODITECT_DATA_DIR", DATA_DIR),
                // A fixed cap, not a share of the limit: the agent needs the same few terminals' worth of heap
                // in any workspace, and OpenJ9 would otherwise take up to 75 % of the container's memory.
                env(JVM_OPTIONS, "-Xmx" + resources.agentMaxHeap())));
        settings.agentConfig().forEach((key, value) -> env.add(env(variableOf(key), value)));
        return List.copyOf(env);
    }

    /**
     * The environment variable MicroProfile Config maps to {@code key}: each character other than
     * a letter or digit replaced by {@code _}, upper case ({@code coditect.recording.retention-days}
     * is {@code CODITECT_RECORDING_RETENTION_DAYS}).
     */
    static String variableOf(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
