package io.coditect.health;

import io.coditect.platform.Immutable;
import io.coditect.platform.ServerRole;
import io.coditect.platform.StartupState;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/** Started once every start-up step of the application has run (store opened, sessions restored). */
@Startup
@Immutable
public class StartupCompleteCheck implements HealthCheck {
    private final StartupState startup;
    private final ServerRole role;

    @Inject
    public StartupCompleteCheck(StartupState startup, ServerRole role) {
        this.startup = startup;
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        Instant startedAt = startup.startedAt();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("startup")
                .status(startedAt != null)
                .withData("looked-at", "whether the application's start-up steps have finished")
                .withData("role", role.get().configValue());
        if (startedAt != null) {
            response.withData("started-at", startedAt.toString());
        }
        return response.build();
    }
}
