package io.coditect.health;

import io.coditect.store.KeyValueStore;
import io.coditect.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the store answers: without it no workspace or session can be read. */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {
    private final KeyValueStore store;

    /** For the CDI client proxy only. */
    protected StoreReadinessCheck() {
        this.store = null;
    }

    @Inject
    public StoreReadinessCheck(KeyValueStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth health = store.health();
        return HealthCheckResponse.named("store")
                .status(health.up())
                .withData("looked-at", "a read transaction on the " + health.backend() + " store")
                .withData("backend", health.backend())
                .withData("detail", health.detail())
                .build();
    }
}
