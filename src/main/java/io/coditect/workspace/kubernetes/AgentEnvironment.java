package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;

/**
 * The environment of the agent container, in one place: which workspace and user it serves, that
 * it plays the agent role, where it listens (the port the Service, the readiness probe and the
 * gateway use), where the workspace's files are, where the gateways' public keys it trusts are
 * mounted ({@link WorkspaceStatefulSet#TRUSTED_KEYS_DIR}), and its data directory.
 */
public final class AgentEnvironment {
    /** The agent's data directory, on the workspace's volume. */
    public static final String DATA_DIR = WorkspaceStatefulSet.MOUNT_PATH + "/.coditect";

    private AgentEnvironment() {
    }

    public static List<EnvVar> of(Workspace workspace) {
        return List.of(
                env("WORKSPACE_ID", workspace.id()),
                env("USER_ID", workspace.owner()),
                env("CODITECT_ROLE", "agent"),
                env("HTTP_PORT", String.valueOf(WorkspaceStatefulSet.AGENT_PORT)),
                // Liberty listens on localhost unless told otherwise; the kubelet and gateways come from outside.
                env("CODITECT_HTTP_HOST", "*"),
                env("CODITECT_AGENT_WORKSPACE_DIR", WorkspaceStatefulSet.MOUNT_PATH),
                env("CODITECT_AGENT_TRUSTED_KEYS_LOCATION",
                        WorkspaceStatefulSet.TRUSTED_KEYS_DIR + "/" + WorkspaceStatefulSet.TRUSTED_KEYS_FILE),
                // The agent's store (its saved terminal sessions) on the volume: a rescheduled pod brings them back.
                env("CODITECT_DATA_DIR", DATA_DIR));
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
