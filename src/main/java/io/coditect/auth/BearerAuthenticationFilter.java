package io.coditect.auth;

import io.coditect.platform.error.ApiError;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.lang.reflect.Method;

/**
 * Authenticates the bearer token of a request to a protected resource ({@link BearerAuthentication})
 * and refuses a missing or invalid one with the API's JSON error (the container's own challenge
 * has an empty body).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {
    @Context
    private ResourceInfo resource;
    @Context
    private HttpServletRequest servletRequest;
    @Context
    private HttpServletResponse servletResponse;

    private volatile BearerAuthentication authentication;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!isProtected(resource.getResourceMethod(), resource.getResourceClass())) {
            return;
        }
        switch (authentication().authenticate(servletRequest, servletResponse)) {
            case AUTHENTICATED -> {
            }
            case NO_TOKEN -> request.abortWith(unauthorized("unauthorized", "A bearer token is required.", null));
            case INVALID_TOKEN -> request.abortWith(unauthorized("invalid_token",
                    "The bearer token was refused: it is malformed, expired, not yet valid, "
                            + "or not signed and issued for this server.", "invalid_token"));
        }
    }

    /** JAX-RS, not CDI, creates providers: the bean is looked up once, on first use. */
    private BearerAuthentication authentication() {
        BearerAuthentication bean = authentication;
        if (bean == null) {
            bean = CDI.current().select(BearerAuthentication.class).get();
            authentication = bean;
        }
        return bean;
    }

    private static boolean isProtected(Method method, Class<?> type) {
        if (method != null && method.isAnnotationPresent(PermitAll.class)) {
            return false;
        }
        return (method != null && method.isAnnotationPresent(RolesAllowed.class))
                || (type != null && type.isAnnotationPresent(RolesAllowed.class));
    }

    private static Response unauthorized(String code, String message, String bearerError) {
        String challenge = "Bearer realm=\"coditect\"" + (bearerError == null ? "" : ", error=\"" + bearerError + "\"");
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(new ApiError(code, message))
                .build();
    }
}
