package io.coditect.auth.dev;

import io.coditect.auth.IdentityProvider;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/sign-in}: how a client can sign in here, so that the browser client offers the
 * development issuer exactly when it would answer, instead of guessing from a failed request.
 */
@Path("/v1/sign-in")
@RequestScoped
@Tag(name = "authentication")
public class SignInOptionsResource {
    private final DevIssuer issuer;
    private final Config config;

    /** For the CDI client proxy only. */
    protected SignInOptionsResource() {
        this.issuer = null;
        this.config = null;
    }

    @Inject
    public SignInOptionsResource(DevIssuer issuer, Config config) {
        this.issuer = issuer;
        this.config = config;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How to sign in: the organisation's identity provider, and whether the development "
            + "token issuer answers this client")
    public SignInOptions options(@Context HttpServletRequest http) {
        IdentityProvider provider = IdentityProvider.fromSettings(name -> config.getOptionalValue(name, String.class))
                .orElse(null);
        if (!issuer.isActive()) {
            return new SignInOptions(SignInOptions.OFF, provider);
        }
        return new SignInOptions(LocalRequests.isLocal(http) ? SignInOptions.AVAILABLE : SignInOptions.LOCAL_ONLY,
                provider);
    }
}
