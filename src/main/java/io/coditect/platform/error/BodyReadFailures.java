package io.coditect.platform.error;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;

/** Turns a failure to read a request body into the caller's real mistake. */
final class BodyReadFailures {
    private BodyReadFailures() {
    }

    /** The error response for a body that could not be read, or null if the failure is not about the body. */
    static Response classify(Throwable failure) {
        boolean malformed = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLargeException tooLarge) {
                return ErrorResponses.of(413, "payload_too_large", tooLarge.getMessage());
            }
            malformed |= cause instanceof JsonbException || cause instanceof JsonException;
        }
        return malformed
                ? ErrorResponses.of(400, "malformed_json", "The request body is not valid JSON for this endpoint.")
                : null;
    }
}
