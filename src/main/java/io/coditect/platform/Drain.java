package io.coditect.platform;

import io.coditect.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Whether this server is draining: set when the application begins to stop, so readiness turns
 * DOWN and new attaches are refused while existing clients are told to re-attach elsewhere. Runs
 * in every role; a gateway also tells its relayed clients ({@code GatewayShutdown}).
 */
@ApplicationScoped
public class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class.getName());

    private final AtomicReference<Instant> since = new AtomicReference<>();

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        begin();
    }

    public void begin() {
        if (since.compareAndSet(null, Instant.now())) {
            LOG.info("Draining: readiness is DOWN and new attaches are refused");
        }
    }

    public boolean draining() {
        return since.get() != null;
    }

    /** When draining began, or null when the server is not draining. */
    public Instant since() {
        return since.get();
    }

    /** Throws {@link Refused} while draining. */
    public void refuseIfDraining() {
        if (draining()) {
            throw new Refused();
        }
    }

    /** New work refused while draining (503 {@code server_draining}): attach again, another server answers. */
    public static final class Refused extends ApiException {
        Refused() {
            super(503, "server_draining", "This server is shutting down; attach again and another server answers.", 1L);
        }
    }
}
