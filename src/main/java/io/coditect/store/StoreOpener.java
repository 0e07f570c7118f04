package io.coditect.store;

import io.coditect.platform.Immutable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Opens the store when the application starts, so the first request does not pay for it. */
@Immutable
public class StoreOpener {
    private static final Logger LOG = Logger.getLogger(StoreOpener.class.getName());

    private final KeyValueStore store;

    @Inject
    public StoreOpener(KeyValueStore store) {
        this.store = store;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        StoreHealth health = store.health();
        LOG.info(() -> "Store " + health.backend() + (health.up() ? " is up: " : " is down: ") + health.detail());
    }
}
