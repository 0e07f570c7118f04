package io.coditect.health;

import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.store.KeyValueStore;
import io.coditect.store.StoreHealth;
import io.coditect.store.StoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store answers: without it no workspace or session can be read. In the gateway
 * role the store (FoundationDB) is shared by every gateway, and a short outage of it is tolerated
 * ({@link StoreOutageGrace}, {@code coditect.health.store-outage-grace-seconds}); a standalone
 * server's or an agent's store is its own disk, and it is not ready as soon as that fails.
 */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {
    private final KeyValueStore store;
    private final StoreOutageGrace grace;
    private final Clock clock;

    /** For the CDI client proxy only. */
    protected StoreReadinessCheck() {
        this.store = null;
        this.grace = null;
        this.clock = null;
    }

    @Inject
    public StoreReadinessCheck(KeyValueStore store, ServerRole role, StoreSettings settings) {
        this(store, new StoreOutageGrace(role.is(Role.GATEWAY) ? settings.outageGrace() : Duration.ZERO),
                Clock.systemUTC());
    }

    StoreReadinessCheck(KeyValueStore store, StoreOutageGrace grace, Clock clock) {
        this.store = store;
        this.grace = grace;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth health = store.health();
        StoreOutageGrace.Verdict verdict = grace.judge(health.up(), clock.instant());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("store")
                .status(verdict.ready())
                .withData("looked-at", "a read transaction on the " + health.backend() + " store")
                .withData("backend", health.backend())
                .withData("answering", health.up())
                .withData("detail", health.detail());
        if (verdict.outageSince() != null) {
            response.withData("outage-since", verdict.outageSince().toString())
                    .withData("outage-grace-seconds", grace.grace().toSeconds());
        }
        return response.build();
    }
}
