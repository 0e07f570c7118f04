package io.coditect.platform.error;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that JSON-B cannot read is the caller's mistake, not the server's. */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonbException> {
    @Override
    public Response toResponse(JsonbException exception) {
        return BodyReadFailures.classify(exception);
    }
}
