package io.coditect.auth.dev;

import java.util.List;

/** {@code POST /api/v1/dev/token}: who the token is for, and its groups (default {@code ["user"]}). */
public record DevTokenRequest(String user, List<String> groups) {
}
