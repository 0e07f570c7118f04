package io.coditect.audit;

import io.coditect.platform.error.ApiError;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Records every REST answer {@code 401} or {@code 403} (a missing or refused token, a caller
 * without the role), whichever filter or resource refused it: response filters also see the
 * requests that a request filter aborted.
 */
@Provider
public class RefusalAuditFilter implements ContainerResponseFilter {
    @Context
    private HttpServletRequest servletRequest;

    private volatile Refusals refusals;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status != 401 && status != 403) {
            return;
        }
        String workspace = request.getUriInfo().getPathParameters().getFirst("id");
        String code = response.getEntity() instanceof ApiError error ? error.error() : null;
        refusals().record(servletRequest, status, code, workspace);
    }

    /** JAX-RS, not CDI, creates providers: the bean is looked up once, on first use. */
    private Refusals refusals() {
        Refusals bean = refusals;
        if (bean == null) {
            bean = CDI.current().select(Refusals.class).get();
            refusals = bean;
        }
        return bean;
    }
}
