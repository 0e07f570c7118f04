package io.coditect.workspace;

import io.coditect.platform.Immutable;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one workspace an agent serves: its id ({@code coditect.agent.workspace-id}, by default the
 * {@code WORKSPACE_ID} that the workspace's StatefulSet sets) and its directory
 * ({@code coditect.agent.workspace-dir}, the volume mounted at {@code /workspace}). An agent keeps
 * no workspace records: the gateway checked the user before it called.
 */
@Immutable
public class AgentWorkspace {
    private final ServerRole role;
    private final String id;
    private final Path directory;

    @Inject
    public AgentWorkspace(ServerRole role, WorkspaceSettings settings) {
        this(role, settings.agentWorkspaceId(), settings.agentWorkspaceDir());
    }

    public AgentWorkspace(ServerRole role, Optional<String> id, String directory) {
        this.role = role;
        this.id = id.map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
        this.directory = Path.of(directory).toAbsolutePath().normalize();
        if (role.is(Role.AGENT) && (this.id == null || !WorkspaceIds.isWellFormed(this.id))) {
            throw new IllegalArgumentException("coditect.agent.workspace-id (WORKSPACE_ID) must name the agent's "
                    + "workspace (ws- and 12 letters or digits), not '" + id.orElse("") + "'");
        }
    }

    /** Whether this server is the agent of {@code workspaceId}. */
    public boolean serves(String workspaceId) {
        return role.is(Role.AGENT) && id.equals(workspaceId);
    }

    /** The workspace this agent serves; only in the agent role. */
    public String id() {
        return id;
    }

    /** Where the workspace's files are: the shells start here. */
    public Path directory() {
        return directory;
    }

    /** Checks the settings when the application starts, so an agent without a workspace stops at once. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI created this bean, and its constructor checked the settings.
    }
}
