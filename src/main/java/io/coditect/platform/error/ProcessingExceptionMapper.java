package io.coditect.platform.error;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The JAX-RS runtime wraps failures of reading a request body (bad JSON, a body over the size limit)
 * in a ProcessingException; unwrap them to the caller's real mistake.
 */
@Provider
public class ProcessingExceptionMapper implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException exception) {
        Response classified = BodyReadFailures.classify(exception);
        return classified != null ? classified
                : ErrorResponses.of(400, "bad_request", "The request body could not be read.");
    }
}
