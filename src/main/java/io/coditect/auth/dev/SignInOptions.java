package io.coditect.auth.dev;

import io.coditect.auth.IdentityProvider;

/**
 * How a client can sign in to this server. {@code devIssuer}: {@code available} (this request would
 * get a development token), {@code local_only} (the issuer is on, but answers only requests made
 * on the server's machine) or {@code off}. {@code provider}: the organisation's OpenID Connect
 * provider to sign in with, or null (left out of the JSON) when none is configured.
 */
public record SignInOptions(String devIssuer, IdentityProvider provider) {
    public static final String AVAILABLE = "available";
    public static final String LOCAL_ONLY = "local_only";
    public static final String OFF = "off";
}
