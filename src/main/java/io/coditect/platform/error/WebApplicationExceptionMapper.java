package io.coditect.platform.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The JAX-RS runtime's own refusals (unknown path, wrong method, media type) as JSON errors. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        HttpErrors.Described described = HttpErrors.describe(status);
        Response.ResponseBuilder response = Response.fromResponse(ErrorResponses.of(status, described.code(), described.message()));
        if (original != null) {
            copyHeader(original, response, "Allow");
            copyHeader(original, response, "WWW-Authenticate");
            copyHeader(original, response, "Retry-After");
        }
        return response.build();
    }

    private static void copyHeader(Response from, Response.ResponseBuilder to, String name) {
        String value = from.getHeaderString(name);
        if (value != null) {
            to.header(name, value);
        }
    }
}
