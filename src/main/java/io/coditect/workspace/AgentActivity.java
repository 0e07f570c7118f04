package io.coditect.workspace;

import java.time.Instant;
import java.util.Optional;

/**
 * What a workspace's agent says of its own activity, which a gateway cannot see when no client
 * is attached through it (a job printing in a terminal nobody watches): asked by the idle-stop
 * rule before it stops a workspace that looks idle. Without agents (standalone) nothing is asked:
 * the server sees its own terminals.
 */
@FunctionalInterface
public interface AgentActivity {
    AgentActivity NONE = workspaceId -> Optional.empty();

    /** The newest activity the agent reports (now, while a client is attached); empty when none or unknown. */
    Optional<Instant> lastActivity(String workspaceId);
}
