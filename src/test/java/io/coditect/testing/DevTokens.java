package io.coditect.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tokens from the development issuer of the server under test (the dev-server ITs), asked with the
 * sign-in secret that the server keeps in its data directory: the tests run as the account that
 * runs the server, which is who may read it.
 */
public final class DevTokens {
    private DevTokens() {
    }

    /** The secret of the dev server's sign-in link ({@code <data-dir>/dev-issuer/sign-in-secret}). */
    public static String signInSecret() {
        return signInSecret(Path.of(System.getProperty("coditect.it.data-dir")));
    }

    public static String signInSecret(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("dev-issuer/sign-in-secret"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the dev server has no sign-in secret yet", e);
        }
    }

    /** The request body for {@code user} with {@code groups} and {@code secret} (left out when null). */
    public static String body(String user, String secret, String... groups) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (String group : groups) {
            list.add(group);
        }
        var body = Json.createObjectBuilder().add("user", user).add("groups", list);
        if (secret != null) {
            body.add("secret", secret);
        }
        return body.build().toString();
    }

    /** {@code POST /api/v1/dev/token} for {@code user} with {@code groups}, with the sign-in secret. */
    public static Api.Reply request(String user, String... groups) {
        return Api.post("/api/v1/dev/token", null, body(user, signInSecret(), groups));
    }

    /** A token for {@code user} (groups default to {@code user}); fails unless the issuer answers. */
    public static String token(String user, String... groups) {
        Api.Reply reply = request(user, groups.length == 0 ? new String[] {"user"} : groups);
        if (reply.status() != 200) {
            throw new IllegalStateException("the development issuer refused: " + reply);
        }
        return reply.json().getString("token");
    }
}
