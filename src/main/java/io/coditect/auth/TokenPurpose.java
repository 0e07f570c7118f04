package io.coditect.auth;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * Whether a token was made to be a bearer token for this server, where the provider says so: a
 * provider signs ID, refresh and logout tokens with the same key as access tokens, and tokens for
 * its other clients too, all with the same issuer. MicroProfile JWT checks issuer, audience and
 * time; this checks what it does not:
 * <ul>
 *   <li>the header's {@code typ}, when set, is {@code JWT} or {@code at+jwt} (RFC 9068), not one
 *       of the other JWT kinds ({@code logout+jwt}, {@code secevent+jwt}, {@code dpop+jwt} ...);</li>
 *   <li>the {@code typ} claim (Keycloak's token kind), when set, is {@code Bearer}, or {@code ID}
 *       when the API takes ID tokens ({@link IdentityProvider#TOKEN});</li>
 *   <li>the {@code azp} claim, when set, names a client allowed to call the API
 *       ({@link IdentityProvider#authorizedParties}).</li>
 * </ul>
 * It reads the claims without verifying the signature: {@link TokenSignatures} and the server do that.
 */
@Immutable
public class TokenPurpose {
    private static final Set<String> BEARER_HEADER_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

    private final Set<String> claimTypes;
    private final List<String> authorizedParties;

    @Inject
    public TokenPurpose(Config config) {
        this(name -> config.getOptionalValue(name, String.class));
    }

    TokenPurpose(Function<String, Optional<String>> settings) {
        this.claimTypes = IdentityProvider.tokenSetting(settings).equals(IdentityProvider.ID_TOKEN)
                ? Set.of("bearer", "id") : Set.of("bearer");
        this.authorizedParties = IdentityProvider.authorizedParties(settings);
    }

    /** True when nothing in {@code token} says it is meant for something else; false for a malformed one. */
    public boolean fits(String token) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            String headerType = jws.getHeader("typ");
            if (headerType != null && !BEARER_HEADER_TYPES.contains(headerType.toLowerCase(Locale.ROOT))) {
                return false;
            }
            JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
            String claimType = claims.getClaimValue("typ", String.class);
            if (claimType != null && !claimTypes.contains(claimType.toLowerCase(Locale.ROOT))) {
                return false;
            }
            String party = claims.getClaimValue("azp", String.class);
            return party == null || authorizedParties.isEmpty() || authorizedParties.contains(party);
        } catch (JoseException | InvalidJwtException | MalformedClaimException e) {
            return false;
        }
    }
}
