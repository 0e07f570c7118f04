package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** REST shortcuts for terminal tests: a running workspace, a terminal in it. */
public final class Terminals {
    private Terminals() {
    }

    public static String workspace(String token) {
        Api.Reply reply = Api.post("/api/v1/workspaces", token, "{\"name\":\"terminals\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    public static String path(String workspaceId) {
        return "/api/v1/workspaces/" + workspaceId + "/terminals";
    }

    /** A bash terminal, 80 x 24. */
    public static String bash(String token, String workspaceId) {
        return create(token, workspaceId, "{\"cols\":80,\"rows\":24,\"shell\":\"/bin/bash\"}");
    }

    public static String create(String token, String workspaceId, String json) {
        Api.Reply reply = Api.post(path(workspaceId), token, json);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }
}
