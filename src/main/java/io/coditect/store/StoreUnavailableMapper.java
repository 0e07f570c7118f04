package io.coditect.store;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import io.coditect.platform.error.ApiError;

/** A store outage is a 503 the client may retry, never a 500. */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<StoreUnavailableException> {
    @Override
    public Response toResponse(StoreUnavailableException exception) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", 5)
                .entity(new ApiError("store_unavailable",
                        "Session storage is unavailable right now; try again shortly."))
                .build();
    }
}
