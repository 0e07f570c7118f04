package io.coditect.audit;

/**
 * Where a request came from, for its audit event: the client address as resolved through the
 * trusted proxies ({@link ClientAddresses}) and the {@code User-Agent} (null when not sent).
 */
public record RequestOrigin(String clientAddress, String userAgent) {
    /** The origin of what the server does on its own, such as stopping an idle workspace. */
    public static final RequestOrigin SERVER = new RequestOrigin(null, null);
}
