package io.coditect.relay;

import io.coditect.platform.Drain;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains a gateway when it stops: readiness DOWN, new attaches refused, every attached client told
 * to re-attach (it reaches another replica, and its shell, which runs in the workspace's agent,
 * never noticed), all within {@code coditect.gateway.drain-timeout-seconds}.
 *
 * <p>It starts at the first sign: a JVM shutdown hook catches SIGTERM (Kubernetes, after the
 * pod's preStop pause) at once, before the server's own stop waits for requests in flight to
 * quiesce, which a WebSocket never does; the application's stop (a {@code server stop}, a
 * redeploy) starts it otherwise. Whichever comes second finds it done.
 */
@ApplicationScoped
public class GatewayShutdown {
    private static final Logger LOG = Logger.getLogger(GatewayShutdown.class.getName());

    private final ServerRole role;
    private final Drain drain;
    private final GatewaySettings settings;
    private final Instance<RemoteTerminalHost> hosts;
    private RemoteTerminalHost host;
    private Thread hook;
    private boolean drained;

    /** For the CDI client proxy only. */
    protected GatewayShutdown() {
        this.role = null;
        this.drain = null;
        this.settings = null;
        this.hosts = null;
    }

    @Inject
    public GatewayShutdown(ServerRole role, Drain drain, GatewaySettings settings, Instance<RemoteTerminalHost> hosts) {
        this.role = role;
        this.drain = drain;
        this.settings = settings;
        this.hosts = hosts;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (role.is(Role.GATEWAY)) {
            host = hosts.get();
            hook = Thread.ofPlatform().name("coditect-drain").unstarted(this::drainNow);
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        if (hook == null) {
            return;
        }
        drainNow();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownUnderWay) {
            // The hook runs already, or ran: nothing to remove.
        }
    }

    /** Drains once; a second caller waits for the first to finish. */
    synchronized void drainNow() {
        if (drained) {
            return;
        }
        drained = true;
        drain.begin();
        try {
            long start = System.nanoTime();
            int told = host.drainAll(settings.drainTimeout());
            LOG.info(() -> "Drained: " + told + " attached client(s) told to re-attach elsewhere in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Draining the attached clients failed", e);
        }
    }
}
