package io.coditect.auth;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Authenticates a request by its {@code Authorization: Bearer} token. The server does not
 * authenticate requests by itself ({@code useAuthenticationDataForUnprotectedResource="false"} in
 * coditect.xml), so every entry point that needs a caller comes here: the signature is checked
 * first ({@link TokenSignatures}) and that it is a bearer token for this server ({@link TokenPurpose}),
 * then the server's MicroProfile JWT verifies the token and establishes the caller.
 */
@Immutable
public class BearerAuthentication {
    private static final String BEARER = "Bearer ";

    public enum Outcome {
        AUTHENTICATED,
        /** No bearer token in the request. */
        NO_TOKEN,
        /** A bearer token that was refused. */
        INVALID_TOKEN
    }

    private final TokenSignatures signatures;
    private final TokenPurpose purpose;

    @Inject
    public BearerAuthentication(TokenSignatures signatures, TokenPurpose purpose) {
        this.signatures = signatures;
        this.purpose = purpose;
    }

    public Outcome authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() != null) {
            return Outcome.AUTHENTICATED;
        }
        String token = bearerToken(request.getHeader("Authorization"));
        if (token == null) {
            return Outcome.NO_TOKEN;
        }
        if (signatures.check(token) == TokenSignatures.Verdict.INVALID || !purpose.fits(token)) {
            return Outcome.INVALID_TOKEN;
        }
        try {
            return request.authenticate(response) ? Outcome.AUTHENTICATED : Outcome.INVALID_TOKEN;
        } catch (ServletException e) {
            return Outcome.INVALID_TOKEN;
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null when there is none. */
    public static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}
