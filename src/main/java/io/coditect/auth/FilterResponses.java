package io.coditect.auth;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * What the servlet filters in front of WebSocket upgrades share: the JSON error they answer with
 * (JAX-RS mappers never see these requests) and the request that carries the principal they
 * admitted to the endpoint.
 */
public final class FilterResponses {
    private FilterResponses() {
    }

    /**
     * Answers {@code {error, message}} with the status; {@code challengeRealm} (or null) adds a
     * Bearer challenge, {@code retryAfterSeconds} (or null) a {@code Retry-After}.
     */
    public static void refuse(HttpServletResponse response, int status, String code, String message, String challengeRealm,
            Long retryAfterSeconds) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(status);
        if (challengeRealm != null) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + challengeRealm + "\"");
        }
        if (retryAfterSeconds != null) {
            response.setHeader("Retry-After", retryAfterSeconds.toString());
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder().add("error", code).add("message", message).build().toString());
    }

    /** The request as the endpoint behind the filter sees it: authenticated as {@code principal}. */
    public static HttpServletRequest as(HttpServletRequest request, Principal principal) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return principal.getName();
            }
        };
    }
}
