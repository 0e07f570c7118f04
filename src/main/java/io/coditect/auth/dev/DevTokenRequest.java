package io.coditect.auth.dev;

import java.util.List;

/**
 * {@code POST /api/v1/dev/token}: who the token is for, its groups (default {@code ["user"]}), and
 * the sign-in secret of the link the server printed when it started.
 */
public record DevTokenRequest(String user, List<String> groups, String secret) {
}
