package io.coditect.platform.error;

import java.io.IOException;

/** Raised by {@link BoundedInputStream} when a request body passes the configured limit. */
public class RequestBodyTooLargeException extends IOException {
    public RequestBodyTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes.");
    }
}
