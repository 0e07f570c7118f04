package io.coditect.platform.error;

import io.coditect.platform.PlatformSettings;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses request bodies over {@code coditect.http.max-request-body} bytes before anything reads
 * them: a declared Content-Length over the limit is answered at once, and a body without one is
 * cut off when it passes the limit. Methods marked {@link StreamedBody} (file bodies) have their own
 * limit instead.
 *
 * <p>JAX-RS creates providers itself, outside CDI, so the limit is read through
 * {@link PlatformSettings#maxRequestBody} rather than injected.
 */
@Provider
public class RequestBodyLimitFilter implements ContainerRequestFilter {
    private final long limit;
    @Context
    private ResourceInfo resource;

    public RequestBodyLimitFilter() {
        this(PlatformSettings.maxRequestBody(ConfigProvider.getConfig()));
    }

    RequestBodyLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource != null && resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(StreamedBody.class)) {
            return;
        }
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > limit) {
            request.abortWith(ErrorResponses.of(413, "payload_too_large",
                    "The request body is larger than " + limit + " bytes."));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit));
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
