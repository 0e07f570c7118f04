package io.coditect.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Whether this server is draining: set when the application begins to stop, so readiness turns
 * DOWN and new attaches are refused while existing clients are told to re-attach elsewhere.
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
}
