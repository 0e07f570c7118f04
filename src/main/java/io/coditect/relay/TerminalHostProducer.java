package io.coditect.relay;

import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.terminal.engine.LocalTerminalHost;
import io.coditect.terminal.TerminalHost;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * The {@link TerminalHost} of this server's role: a gateway's terminals run in the agents
 * ({@link RemoteTerminalHost}), a standalone server's and an agent's on this machine
 * ({@link LocalTerminalHost}). The producer is a selected alternative, so it wins over the local
 * host's own bean type; only the chosen host is ever created.
 */
@ApplicationScoped
@Priority(Interceptor.Priority.APPLICATION)
public class TerminalHostProducer {
    private final ServerRole role;
    private final Instance<LocalTerminalHost> local;
    private final Instance<RemoteTerminalHost> remote;

    /** For the CDI client proxy only. */
    protected TerminalHostProducer() {
        this.role = null;
        this.local = null;
        this.remote = null;
    }

    @Inject
    public TerminalHostProducer(ServerRole role, Instance<LocalTerminalHost> local, Instance<RemoteTerminalHost> remote) {
        this.role = role;
        this.local = local;
        this.remote = remote;
    }

    @Produces
    @Alternative
    public TerminalHost host() {
        return role.is(Role.GATEWAY) ? remote.get() : local.get();
    }
}
