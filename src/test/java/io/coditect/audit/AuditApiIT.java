package io.coditect.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit API on a real standalone server (protocol.md, "Audit trail"): the owner reads a
 * workspace's events, anyone else gets its 404 (and is recorded), the global listing is for
 * admins, bad parameters get 400 with stable codes. Every test has users of its own.
 */
@ExtendWith(ArquillianExtension.class)
class AuditApiIT {
    private final String alice = TestIdentityProvider.uniqueUser("alice");
    private final String bob = TestIdentityProvider.uniqueUser("bob");
    private final String aliceToken = TestIdentityProvider.token(alice);
    private final String bobToken = TestIdentityProvider.token(bob);
    private final String adminToken = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("admin"), "user", "admin");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    private static Api.Reply get(String path, String token, String userAgent) {
        return Api.send(Api.request(path, token).header("User-Agent", userAgent).GET());
    }

    private static List<JsonObject> events(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().containsKey("cursor")).as("a cursor field, null on the last page").isTrue();
        return reply.json().getJsonArray("events").getValuesAs(JsonObject.class);
    }

    private static String audit(String workspaceId) {
        return "/api/v1/workspaces/" + workspaceId + "/audit";
    }

    @Test
    void owner_seesTheWorkspacesEventsNewestFirstWithTheirFields() {
        String id = Terminals.workspace(aliceToken);
        Api.Reply stop = Api.send(Api.request("/api/v1/workspaces/" + id + "/stop", aliceToken)
                .header("User-Agent", "audit-it/1.0").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(stop.status()).as(stop.toString()).isEqualTo(200);

        List<JsonObject> events = events(Api.get(audit(id), aliceToken));

        assertThat(events).extracting(event -> event.getString("action")).containsExactly("workspace.stop", "workspace.create");
        JsonObject stopped = events.get(0);
        assertThat(stopped.getString("actor")).isEqualTo(alice);
        assertThat(stopped.getString("workspace")).isEqualTo(id);
        assertThat(stopped.getString("outcome")).isEqualTo("ok");
        assertThat(stopped.getString("clientAddress")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
        assertThat(stopped.getString("userAgent")).isEqualTo("audit-it/1.0");
        assertThat(stopped.getString("replica")).isNotBlank();
        assertThat(stopped.getString("id")).isNotBlank();
        assertThat(stopped.getString("time")).isNotBlank();
        assertThat(stopped.isNull("terminal")).isTrue();
    }

    @Test
    void stranger_notFoundLikeAMissingWorkspace_andTheOwnerSeesTheProbe() {
        String id = Terminals.workspace(aliceToken);

        Api.Reply strangers = get(audit(id), bobToken, "probe/1");
        Api.Reply missing = Api.get(audit("ws-000000000000"), bobToken);

        assertThat(strangers.status()).isEqualTo(404);
        assertThat(strangers.json().getString("error")).isEqualTo("workspace_not_found");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().getString("error")).isEqualTo("workspace_not_found");
        List<JsonObject> events = events(Api.get(audit(id), aliceToken));
        assertThat(events.get(0).getString("action")).isEqualTo("request.refused");
        assertThat(events.get(0).getString("actor")).isEqualTo(bob);
        assertThat(events.get(0).getString("userAgent")).isEqualTo("probe/1");
        assertThat(events.get(0).getJsonObject("details").getString("status")).isEqualTo("404");
    }

    @Test
    void global_nonAdminForbidden_adminFiltersAndPages() {
        String id = Terminals.workspace(aliceToken);
        Api.post("/api/v1/workspaces/" + id + "/stop", aliceToken, "");
        Api.post("/api/v1/workspaces/" + id + "/start", aliceToken, "");

        Api.Reply forbidden = Api.get("/api/v1/audit", aliceToken);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().getString("error")).isEqualTo("forbidden");

        String alices = "/api/v1/audit?user=" + URLEncoder.encode(alice, StandardCharsets.UTF_8);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Api.Reply page = Api.get(alices + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), adminToken);
            events(page).forEach(event -> paged.add(event.getString("action")));
            cursor = page.json().isNull("cursor") ? null : page.json().getString("cursor");
        } while (cursor != null && paged.size() < 20);
        // Alice's own 403 above is one of her events.
        assertThat(paged).containsExactly("request.refused", "workspace.start", "workspace.stop", "workspace.create");
        assertThat(events(Api.get(alices + "&action=workspace.stop&workspace=" + id, adminToken)))
                .extracting(event -> event.getString("action")).containsExactly("workspace.stop");
    }

    @Test
    void global_refusalsOfMissingOrForgedTokensAndOfTheRole_recorded() {
        assertThat(Api.get("/api/v1/workspaces", null).status()).isEqualTo(401);
        assertThat(Api.get("/api/v1/audit", bobToken).status()).isEqualTo(403);

        List<JsonObject> refused = events(Api.get("/api/v1/audit?action=request.refused&limit=50", adminToken));

        assertThat(refused).anySatisfy(event -> {
            assertThat(event.getString("actor")).isEqualTo("anonymous");
            assertThat(event.getJsonObject("details").getString("status")).isEqualTo("401");
            assertThat(event.getJsonObject("details").getString("code")).isEqualTo("unauthorized");
        });
        assertThat(refused).anySatisfy(event -> {
            assertThat(event.getString("actor")).isEqualTo(bob);
            assertThat(event.getJsonObject("details").getString("status")).isEqualTo("403");
            assertThat(event.getJsonObject("details").getString("path")).endsWith("/api/v1/audit");
        });
    }

    @Test
    void terminalLifeCycle_oneEventEach_detachWithBytesAndDuration() {
        String id = Terminals.workspace(aliceToken);
        String terminal = Terminals.bash(aliceToken, id);
        try (TerminalSocket socket = TerminalSocket.attach(id, terminal, aliceToken, "")) {
            socket.awaitEvent("attached");
            socket.type("echo audited\n");
            socket.awaitText("audited");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> events(Api.get(audit(id), aliceToken)).stream()
                .anyMatch(event -> event.getString("action").equals("terminal.detach")));
        List<JsonObject> terminalEvents = events(Api.get(audit(id), aliceToken)).stream()
                .filter(event -> event.getString("action").startsWith("terminal.")).toList();
        assertThat(terminalEvents).extracting(event -> event.getString("action"))
                .containsExactly("terminal.detach", "terminal.attach", "terminal.create");
        assertThat(terminalEvents).allSatisfy(event -> assertThat(event.getString("terminal")).isEqualTo(terminal));
        JsonObject detach = terminalEvents.get(0);
        assertThat(detach.getString("terminal")).isEqualTo(terminal);
        assertThat(detach.getString("actor")).isEqualTo(alice);
        assertThat(Long.parseLong(detach.getJsonObject("details").getString("bytes_in"))).isEqualTo("echo audited\n".length());
        assertThat(Long.parseLong(detach.getJsonObject("details").getString("bytes_out"))).isPositive();
        assertThat(Long.parseLong(detach.getJsonObject("details").getString("duration_ms"))).isNotNegative();

        assertThat(Api.delete(Terminals.path(id) + "/" + terminal, aliceToken).status()).isEqualTo(204);
        JsonObject deleted = events(Api.get(audit(id), aliceToken)).get(0);
        assertThat(deleted.getString("action")).isEqualTo("terminal.delete");
        assertThat(deleted.getString("terminal")).isEqualTo(terminal);
    }

    @Test
    void fileWriteMoveDelete_oneEventEachWithThePaths_readsNone() {
        String id = Terminals.workspace(aliceToken);
        String files = "/api/v1/workspaces/" + id + "/files/";

        assertThat(Api.method("PUT", files + "notes.txt", aliceToken, "{}").status()).isIn(200, 201);
        assertThat(Api.get(files + "notes.txt", aliceToken).status()).isEqualTo(200);
        assertThat(Api.post("/api/v1/workspaces/" + id + "/file-moves", aliceToken,
                "{\"from\":\"notes.txt\",\"to\":\"kept.txt\"}").status()).isEqualTo(200);
        assertThat(Api.delete(files + "kept.txt", aliceToken).status()).isEqualTo(204);
        assertThat(Api.delete(files + "kept.txt", aliceToken).status()).as("already gone").isEqualTo(404);

        List<JsonObject> fileEvents = events(Api.get(audit(id), aliceToken)).stream()
                .filter(event -> event.getString("action").startsWith("file.")).toList();
        assertThat(fileEvents).extracting(event -> event.getString("action"))
                .containsExactly("file.delete", "file.move", "file.write");
        assertThat(fileEvents).extracting(event -> event.getJsonObject("details").getString("path"))
                .containsExactly("kept.txt", "kept.txt", "notes.txt");
        assertThat(fileEvents.get(1).getJsonObject("details").getString("from")).isEqualTo("notes.txt");
    }

    @Test
    void badParameters_badRequestWithStableCodes() {
        String id = Terminals.workspace(aliceToken);
        String[][] cases = {
                {"/api/v1/audit?cursor=not-a-cursor", "invalid_cursor"},
                {"/api/v1/audit?limit=0", "invalid_limit"},
                {"/api/v1/audit?from=yesterday", "invalid_time"},
                {"/api/v1/audit?action=rm", "invalid_action"},
                {"/api/v1/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "invalid_time_range"},
                {audit(id) + "?cursor=AAAA", "invalid_cursor"},
                {audit(id) + "?limit=501", "invalid_limit"},
        };
        for (String[] each : cases) {
            String token = each[0].startsWith("/api/v1/audit") ? adminToken : aliceToken;
            Api.Reply reply = Api.get(each[0], token);

            assertThat(reply.status()).as(each[0]).isEqualTo(400);
            assertThat(reply.json().getString("error")).as(each[0]).isEqualTo(each[1]);
            assertThat(reply.json().getString("message")).isNotBlank();
        }
    }
}
