package io.coditect.platform.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds the JSON error responses that every mapper returns. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static Response of(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(code, message)).build();
    }
}
