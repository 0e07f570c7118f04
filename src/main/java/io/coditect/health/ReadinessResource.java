package io.coditect.health;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/ready}: whether this server is ready, on the application's own port, for the
 * web page that waits for a restarting server before it re-attaches. The health endpoints answer
 * on the management port only (docs/deployment.md, "What answers where"), which a browser does not
 * reach; this asks the same readiness checks and says UP (200) or DOWN (503), without their details.
 */
@Path("/v1/ready")
@RequestScoped
@Tag(name = "health")
public class ReadinessResource {
    private final Instance<HealthCheck> checks;

    /** For the CDI client proxy only. */
    protected ReadinessResource() {
        this.checks = null;
    }

    @Inject
    public ReadinessResource(@Readiness Instance<HealthCheck> checks) {
        this.checks = checks;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the server is ready (200, UP) or not (503, DOWN), as its readiness checks say")
    public Response ready() {
        boolean up = checks.stream().allMatch(ReadinessResource::up);
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").build())
                .build();
    }

    /** A check that fails by throwing is DOWN, as MicroProfile Health counts it. */
    private static boolean up(HealthCheck check) {
        try {
            return check.call().getStatus() == HealthCheckResponse.Status.UP;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
