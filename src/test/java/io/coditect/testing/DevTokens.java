package io.coditect.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

/** Tokens from the development issuer of the server under test (the dev-server ITs). */
public final class DevTokens {
    private DevTokens() {
    }

    /** {@code POST /api/v1/dev/token} for {@code user} with {@code groups}. */
    public static Api.Reply request(String user, String... groups) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (String group : groups) {
            list.add(group);
        }
        return Api.post("/api/v1/dev/token", null,
                Json.createObjectBuilder().add("user", user).add("groups", list).build().toString());
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
