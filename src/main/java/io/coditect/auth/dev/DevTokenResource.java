package io.coditect.auth.dev;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditLog;
import io.coditect.audit.ClientAddresses;
import io.coditect.auth.Caller;
import io.coditect.auth.RateLimited;
import io.coditect.platform.error.ApiException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/dev/token}: a token from the development issuer, for requests made on this
 * machine that carry the sign-in secret; {@code admin} only where configured. Where the issuer is
 * off, the path does not exist (404).
 */
@Path("/v1/dev/token")
@RequestScoped
@Tag(name = "development")
public class DevTokenResource {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Set<String> GROUPS = Set.of(Caller.USER, Caller.ADMIN);

    private final DevIssuer issuer;
    private final AuditLog audit;
    private final ClientAddresses addresses;

    /** For the CDI client proxy only. */
    protected DevTokenResource() {
        this.issuer = null;
        this.audit = null;
        this.addresses = null;
    }

    @Inject
    public DevTokenResource(DevIssuer issuer, AuditLog audit, ClientAddresses addresses) {
        this.issuer = issuer;
        this.audit = audit;
        this.addresses = addresses;
    }

    @POST
    @PermitAll
    @RateLimited("token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Standalone only, from this machine only, with the sign-in link's secret: a development token for any user")
    public DevTokenResponse issue(DevTokenRequest request, @Context HttpServletRequest http) {
        if (!issuer.isActive()) {
            throw ApiException.notFound("not_found", "There is nothing at this path.");
        }
        if (!LocalRequests.isLocal(http)) {
            throw new ApiException(403, "dev_issuer_local_only",
                    "The development token issuer answers only requests made on this machine, not through a proxy.");
        }
        if (request == null || !issuer.acceptsSecret(request.secret())) {
            throw new ApiException(403, "invalid_sign_in_secret",
                    "The development token issuer needs the secret of the sign-in link this server printed on its "
                            + "console when it started (the part after #sign-in=).");
        }
        String user = request.user();
        if (user == null || !USER.matcher(user).matches()) {
            throw ApiException.badRequest("invalid_user",
                    "user is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        }
        List<String> groups = request.groups() == null ? List.of(Caller.USER) : request.groups();
        if (groups.isEmpty() || !groups.stream().allMatch(group -> group != null && GROUPS.contains(group))) {
            throw ApiException.badRequest("invalid_groups", "groups is a non-empty list of \"user\" and \"admin\".");
        }
        if (groups.contains(Caller.ADMIN) && !issuer.allowsAdmin()) {
            throw new ApiException(403, "dev_issuer_admin_off", "This server's development token issuer does not issue "
                    + "the admin group (" + DevIssuerSettings.ALLOW_ADMIN + " is false).");
        }
        List<String> granted = groups.stream().distinct().toList();
        DevIssuer.Issued issued = issuer.issue(user, granted);
        // The refused attempts are recorded by the refusal filter, like every 401 and 403.
        audit.record(audit.event(AuditAction.SIGN_IN, user, addresses.origin(http))
                .withDetail("groups", String.join(",", granted)));
        return new DevTokenResponse(issued.token(), issued.expiresInSeconds());
    }
}
