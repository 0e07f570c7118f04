package io.coditect.relay;

import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.TerminalInfo;
import io.coditect.workspace.AgentActivity;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A gateway's view of an agent's activity: one terminal list call (the one clients make too),
 * whose terminals report their last input or output and their attached clients (every gateway's
 * links count there). An agent that cannot answer reports nothing, and the idle rule goes by what
 * the gateways saw.
 */
@Immutable
public class AgentActivityProbe implements AgentActivity {
    private final AgentClient agents;
    private final WorkspaceOwners owners;
    private final Clock clock;

    @Inject
    public AgentActivityProbe(AgentClient agents, WorkspaceOwners owners) {
        this.agents = agents;
        this.owners = owners;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Optional<Instant> lastActivity(String workspaceId) {
        try {
            return newest(agents.list(workspaceId, owners.of(workspaceId)), clock.instant());
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    /** Now while any terminal has a client; else the latest input or output of any terminal. */
    static Optional<Instant> newest(List<TerminalInfo> terminals, Instant now) {
        if (terminals.stream().anyMatch(terminal -> terminal.clients() > 0)) {
            return Optional.of(now);
        }
        return terminals.stream().map(TerminalInfo::lastActiveAt).max(Instant::compareTo);
    }
}
