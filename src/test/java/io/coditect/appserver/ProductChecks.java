package io.coditect.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestIdentityProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * What every application server running the unchanged WAR must show: health and metrics where that
 * server serves them ({@code management}: Liberty's management port, or the HTTP port of a server
 * that ignores Liberty's binding file), and through the HTTP port bearer tokens checked by its
 * MicroProfile JWT, a workspace, a terminal that echoes over WebSocket and a re-attach by offset.
 */
final class ProductChecks {
    private final URI base;
    private final Api.Target api;
    private final Api.Target management;

    ProductChecks(URI base, URI management) {
        this.base = base;
        this.api = Api.at(base);
        this.management = Api.at(management);
    }

    void healthUp() {
        for (String probe : new String[] {"/health/live", "/health/ready", "/health/started", "/health"}) {
            Api.Reply reply = management.get(probe, (String) null);
            assertThat(reply.status()).as(probe + ": " + reply).isEqualTo(200);
            assertThat(reply.json().getString("status")).as(probe).isEqualTo("UP");
        }
    }

    /** Prometheus text without credentials: the JVM's base metrics and the product's own. */
    void metricsServed() {
        Api.Reply all = management.get("/metrics", (String) null);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.header("Content-Type")).startsWith("text/plain");
        assertThat(all.body()).contains("# TYPE").contains("jvm_uptime_seconds");
        Api.Reply application = management.get("/metrics?scope=application", (String) null);
        assertThat(application.body()).containsPattern("(?m)^coditect_workspaces_created_total\\{[^}]*} [1-9]");
    }

    /** No token, a token of an untrusted key, one of another issuer: 401; the identity provider's: accepted. */
    void bearerTokensChecked(String user) {
        assertThat(api.get("/api/v1/workspaces", (String) null).status()).isEqualTo(401);
        var claims = TestIdentityProvider.claims(user, "user");
        assertThat(api.get("/api/v1/workspaces", TestIdentityProvider.sign(claims, TestIdentityProvider.untrustedKey())).status())
                .as("a token signed by another key").isEqualTo(401);
        claims.setIssuer("someone-else");
        assertThat(api.get("/api/v1/workspaces", TestIdentityProvider.sign(claims, TestIdentityProvider.trustedKey())).status())
                .as("a token of another issuer").isEqualTo(401);
        Api.Reply mine = api.get("/api/v1/workspaces", TestIdentityProvider.token(user));
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
    }

    /** A new workspace of {@code token}'s user, running. */
    String runningWorkspace(String token) {
        Api.Reply created = api.post("/api/v1/workspaces", token, "{\"name\":\"app server\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().getString("id");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.get("/api/v1/workspaces/" + id, token).json().getString("status").equals("running"));
        return id;
    }

    String bashTerminal(String token, String workspace) {
        Api.Reply created = api.post("/api/v1/workspaces/" + workspace + "/terminals", token,
                "{\"cols\":80,\"rows\":24,\"shell\":\"/bin/bash\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    TerminalSocket attach(String token, String workspace, String terminal, String query) {
        return TerminalSocket.open(base, TerminalSocket.attachPath(workspace, terminal) + query,
                Map.of("Authorization", "Bearer " + token));
    }

    /**
     * Types two commands, attaches again from the offset between them, and checks the replay holds
     * the second one's output and not the first one's. Returns the offset after the second.
     */
    long echoAndReattachByOffset(String token, String workspace, String terminal) {
        long between;
        try (TerminalSocket first = attach(token, workspace, terminal, "")) {
            first.attached();
            first.type("echo first-$((6*7))\r");
            first.awaitText("first-42");
            between = first.offset();
            first.type("echo second-$((6*7))\r");
            first.awaitText("second-42");
        }
        try (TerminalSocket again = attach(token, workspace, terminal, "?offset=" + between)) {
            assertThat(again.attached().getJsonNumber("offset").longValue()).isEqualTo(between);
            String replay = again.awaitText("second-42");
            assertThat(replay).doesNotContain("first-42");
            await().atMost(Duration.ofSeconds(10)).until(() -> again.offset() > between);
            return again.offset();
        }
    }
}
