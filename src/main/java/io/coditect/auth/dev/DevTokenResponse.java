package io.coditect.auth.dev;

/** A development token and the seconds it stays valid. */
public record DevTokenResponse(String token, long expiresInSeconds) {
}
