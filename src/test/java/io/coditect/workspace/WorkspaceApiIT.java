package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workspace REST API on a real standalone server. Every test has users of its own, so the
 * per-user quotas of one test never meet another's workspaces.
 */
@ExtendWith(ArquillianExtension.class)
class WorkspaceApiIT {
    private final String alice = user("alice");
    private final String bob = user("bob");
    private final String aliceToken = TestIdentityProvider.token(alice);
    private final String bobToken = TestIdentityProvider.token(bob);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static String create(String token, String name) {
        Api.Reply reply = Api.post("/api/v1/workspaces", token, "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    static Path directoryOf(String id) {
        return Path.of(System.getProperty("coditect.it.data-dir"), "workspaces", id);
    }

    @Test
    void create_validName_runningWithDirectory() {
        Api.Reply reply = Api.post("/api/v1/workspaces", aliceToken, "{\"name\":\"my project\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject workspace = reply.json();
        assertThat(workspace.getString("id")).matches("ws-[a-z0-9]{12}");
        assertThat(workspace.getString("name")).isEqualTo("my project");
        assertThat(workspace.getString("owner")).isEqualTo(alice);
        assertThat(workspace.getString("status")).isEqualTo("running");
        assertThat(workspace.getString("progress")).isEqualTo("ready");
        assertThat(workspace.getString("createdAt")).isNotBlank();
        assertThat(reply.header("Location")).endsWith("/api/v1/workspaces/" + workspace.getString("id"));
        assertThat(directoryOf(workspace.getString("id"))).isDirectory();
    }

    @Test
    void create_invalidName_badRequest() {
        for (String body : new String[] {"{\"name\":\"rm -rf /;\"}", "{\"name\":\"\"}", "{}",
                "{\"name\":\"" + "x".repeat(65) + "\"}"}) {
            Api.Reply reply = Api.post("/api/v1/workspaces", aliceToken, body);

            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().getString("error")).isEqualTo("invalid_name");
        }
        assertThat(Api.get("/api/v1/workspaces", aliceToken).jsonArray()).isEmpty();
    }

    @Test
    void otherUsersWorkspace_everyCall_notFoundLikeMissing() {
        String id = create(aliceToken, "private");
        String missing = "/api/v1/workspaces/ws-000000000000";
        Api.Reply missingReply = Api.get(missing, bobToken);

        for (Api.Reply reply : new Api.Reply[] {
                Api.get("/api/v1/workspaces/" + id, bobToken),
                Api.post("/api/v1/workspaces/" + id + "/stop", bobToken, null),
                Api.post("/api/v1/workspaces/" + id + "/start", bobToken, null),
                Api.get("/api/v1/workspaces/" + id + "/events", bobToken),
                Api.delete("/api/v1/workspaces/" + id, bobToken)}) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.json().getString("error")).isEqualTo(missingReply.json().getString("error"));
            assertThat(reply.body()).doesNotContain(alice);
        }
        assertThat(Api.get("/api/v1/workspaces", bobToken).body()).doesNotContain(id);
        assertThat(Api.get("/api/v1/workspaces?all=true", bobToken).body()).doesNotContain(id);
        assertThat(Api.get("/api/v1/workspaces/" + id, aliceToken).json().getString("status")).isEqualTo("running");
    }

    @Test
    void list_own_onlyOwnInCreationOrder() {
        String first = create(aliceToken, "first");
        String second = create(aliceToken, "second");
        create(bobToken, "bobs");

        assertThat(Api.get("/api/v1/workspaces", aliceToken).jsonArray().getValuesAs(JsonObject.class))
                .extracting(w -> w.getString("id")).containsExactly(first, second);
    }

    @Test
    void admin_othersWorkspaces_listGetStopStartDelete() {
        String id = create(aliceToken, "supervised");
        String admin = TestIdentityProvider.token(user("admin"), "user", "admin");

        assertThat(Api.get("/api/v1/workspaces?all=true", admin).jsonArray().getValuesAs(JsonObject.class))
                .extracting(w -> w.getString("id")).contains(id);
        assertThat(Api.get("/api/v1/workspaces", admin).body()).doesNotContain(id);
        assertThat(Api.get("/api/v1/workspaces/" + id, admin).json().getString("owner")).isEqualTo(alice);
        assertThat(Api.post("/api/v1/workspaces/" + id + "/stop", admin, null).json().getString("status"))
                .isEqualTo("stopped");
        assertThat(Api.post("/api/v1/workspaces/" + id + "/start", admin, null).json().getString("status"))
                .isEqualTo("running");
        assertThat(Api.delete("/api/v1/workspaces/" + id, admin).status()).isEqualTo(204);
        assertThat(Api.get("/api/v1/workspaces/" + id, aliceToken).status()).isEqualTo(404);
    }

    @Test
    void stopThenStart_ownWorkspace_filesKept() throws Exception {
        String id = create(aliceToken, "persistent");
        Files.writeString(directoryOf(id).resolve("notes.txt"), "keep me");

        Api.Reply stopped = Api.post("/api/v1/workspaces/" + id + "/stop", aliceToken, null);
        Api.Reply stoppedAgain = Api.post("/api/v1/workspaces/" + id + "/stop", aliceToken, null);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().getString("status")).isEqualTo("stopped");
        assertThat(stoppedAgain.json().getString("status")).isEqualTo("stopped");
        assertThat(Api.get("/api/v1/workspaces/" + id, aliceToken).json().getString("status")).isEqualTo("stopped");

        Api.Reply started = Api.post("/api/v1/workspaces/" + id + "/start", aliceToken, null);
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().getString("status")).isEqualTo("running");
        assertThat(directoryOf(id).resolve("notes.txt")).hasContent("keep me");
    }

    @Test
    void delete_ownWorkspace_goneWithDirectory() throws Exception {
        String id = create(aliceToken, "short-lived");
        Files.writeString(directoryOf(id).resolve("notes.txt"), "bye");

        assertThat(Api.delete("/api/v1/workspaces/" + id, aliceToken).status()).isEqualTo(204);

        assertThat(Api.get("/api/v1/workspaces/" + id, aliceToken).status()).isEqualTo(404);
        assertThat(Api.delete("/api/v1/workspaces/" + id, aliceToken).status()).isEqualTo(404);
        assertThat(directoryOf(id)).doesNotExist();
    }

    @Test
    void create_fourthRunning_conflictNamingLimitUntilOneStops() {
        String first = create(aliceToken, "one");
        create(aliceToken, "two");
        create(aliceToken, "three");

        Api.Reply refused = Api.post("/api/v1/workspaces", aliceToken, "{\"name\":\"four\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("error")).isEqualTo("running_quota_exceeded");
        assertThat(refused.json().getString("message")).contains("3 running per user");
        assertThat(Api.get("/api/v1/workspaces", aliceToken).jsonArray()).hasSize(3);

        Api.post("/api/v1/workspaces/" + first + "/stop", aliceToken, null);
        create(aliceToken, "four");
        Api.Reply restart = Api.post("/api/v1/workspaces/" + first + "/start", aliceToken, null);
        assertThat(restart.status()).isEqualTo(409);
        assertThat(restart.json().getString("error")).isEqualTo("running_quota_exceeded");
    }

    @Test
    void create_eleventh_conflictNamingLimit() {
        for (int i = 1; i <= 10; i++) {
            String id = create(aliceToken, "ws " + i);
            Api.post("/api/v1/workspaces/" + id + "/stop", aliceToken, null);
        }

        Api.Reply refused = Api.post("/api/v1/workspaces", aliceToken, "{\"name\":\"one too many\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("error")).isEqualTo("workspace_quota_exceeded");
        assertThat(refused.json().getString("message")).contains("10 per user");
        assertThat(Api.get("/api/v1/workspaces", aliceToken).jsonArray().getValuesAs(JsonObject.class))
                .hasSize(10).allSatisfy(w -> assertThat(w.getString("status")).isEqualTo("stopped"));
    }
}
