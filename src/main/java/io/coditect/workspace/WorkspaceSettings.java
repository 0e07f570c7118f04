package io.coditect.workspace;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code coditect.workspace.*} settings (quotas, when a workspace counts as idle or stuck) and
 * the agent's own workspace ({@code coditect.agent.workspace-id}, {@code coditect.agent.workspace-dir}).
 * Each value is checked by the class that uses it.
 */
@Immutable
public class WorkspaceSettings {
    private final int maxPerUser;
    private final int maxRunningPerUser;
    private final int maxProgressStreamsPerUser;
    private final Duration progressKeepAlive;
    private final Duration idleTimeout;
    private final Duration stuckAfter;
    private final Optional<String> agentWorkspaceId;
    private final String agentWorkspaceDir;

    @Inject
    public WorkspaceSettings(
            @ConfigProperty(name = "coditect.workspace.max-per-user") int maxPerUser,
            @ConfigProperty(name = "coditect.workspace.max-running-per-user") int maxRunningPerUser,
            @ConfigProperty(name = "coditect.workspace.max-progress-streams-per-user") int maxProgressStreamsPerUser,
            @ConfigProperty(name = "coditect.workspace.progress-keep-alive") Duration progressKeepAlive,
            @ConfigProperty(name = "coditect.workspace.idle-timeout") Duration idleTimeout,
            @ConfigProperty(name = "coditect.workspace.stuck-after") Duration stuckAfter,
            @ConfigProperty(name = "coditect.agent.workspace-id") Optional<String> agentWorkspaceId,
            @ConfigProperty(name = "coditect.agent.workspace-dir") String agentWorkspaceDir) {
        this.maxPerUser = maxPerUser;
        this.maxRunningPerUser = maxRunningPerUser;
        this.maxProgressStreamsPerUser = maxProgressStreamsPerUser;
        this.progressKeepAlive = progressKeepAlive;
        this.idleTimeout = idleTimeout;
        this.stuckAfter = stuckAfter;
        this.agentWorkspaceId = agentWorkspaceId;
        this.agentWorkspaceDir = agentWorkspaceDir;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    public int maxRunningPerUser() {
        return maxRunningPerUser;
    }

    /** Progress streams one user may hold open on one server. */
    public int maxProgressStreamsPerUser() {
        return maxProgressStreamsPerUser;
    }

    /** How often each progress stream sends a keep-alive comment (which finds the clients that left). */
    public Duration progressKeepAlive() {
        return progressKeepAlive;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long a workspace may stay in a passing phase before it is reconciled. */
    public Duration stuckAfter() {
        return stuckAfter;
    }

    /** In the agent role, the workspace it serves (set by the workspace's StatefulSet). */
    public Optional<String> agentWorkspaceId() {
        return agentWorkspaceId;
    }

    /** In the agent role, where the workspace's files are. */
    public String agentWorkspaceDir() {
        return agentWorkspaceDir;
    }
}
