package io.coditect.platform.error;

import jakarta.ws.rs.core.Response;

/**
 * A failure the caller can act on: an HTTP status, a stable error code for programs and a message
 * for people. Thrown anywhere below a REST resource; {@link ApiExceptionMapper} renders it.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    protected ApiException(int status, String code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException tooManyRequests(String code, String message, long retryAfterSeconds) {
        return new ApiException(429, code, message, retryAfterSeconds);
    }

    public static ApiException unavailable(String code, String message) {
        return new ApiException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), code, message);
    }

    /** 503 with a {@code Retry-After}: the same request may work after that many seconds. */
    public static ApiException unavailable(String code, String message, long retryAfterSeconds) {
        return new ApiException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), code, message, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds a client should wait before trying again, for 429 and 503; null otherwise. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiError toError() {
        return new ApiError(code, getMessage());
    }
}
