package io.coditect.health;

import io.coditect.platform.Drain;
import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while draining, so the load balancer sends new clients to other replicas. */
@Readiness
@Immutable
public class DrainReadinessCheck implements HealthCheck {
    private final Drain drain;

    @Inject
    public DrainReadinessCheck(Drain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("drain")
                .status(!drain.draining())
                .withData("looked-at", "whether the server is shutting down")
                .withData("draining", drain.draining());
        if (drain.draining()) {
            response.withData("since", drain.since().toString());
        }
        return response.build();
    }
}
