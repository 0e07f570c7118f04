package io.coditect.platform.error;

/**
 * The stable error code and message for a bare HTTP status, used where the container or the JAX-RS
 * runtime refused a request before any of our code could say why.
 */
public final class HttpErrors {
    public record Described(String code, String message) {
    }

    private HttpErrors() {
    }

    public static Described describe(int status) {
        return switch (status) {
            case 400 -> new Described("bad_request", "The request is malformed.");
            case 401 -> new Described("unauthorized", "A valid bearer token is required.");
            case 403 -> new Described("forbidden", "The caller may not do this.");
            case 404 -> new Described("not_found", "There is nothing at this path.");
            case 405 -> new Described("method_not_allowed", "This path does not accept that HTTP method.");
            case 406 -> new Described("not_acceptable", "The server cannot produce the requested media type.");
            case 413 -> new Described("payload_too_large", "The request body is larger than this server accepts.");
            case 415 -> new Described("unsupported_media_type", "The request body's media type is not accepted here.");
            case 429 -> new Described("rate_limited", "Too many requests; try again later.");
            case 503 -> new Described("unavailable", "The service is unavailable; try again later.");
            default -> status >= 500
                    ? new Described("internal_error", "The server failed to handle the request.")
                    : new Described("http_" + status, "The request was refused (HTTP " + status + ").");
        };
    }
}
