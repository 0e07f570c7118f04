package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonValue;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One user trying to reach another's workspaces with a genuine token of their own: every attempt
 * is answered exactly like a workspace that does not exist, and changes nothing. Admins may read
 * everyone's workspaces.
 */
@ExtendWith(ArquillianExtension.class)
class TenantIsolationIT {
    private static final String MISSING = "ws-000000000000";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void otherUser_readStartStopDelete_notFoundLikeMissingAndUnchanged() {
        String owner = TestIdentityProvider.token("olga");
        String intruder = TestIdentityProvider.token("ivan");
        String id = create(owner, "olga private");
        String before = Api.get("/api/v1/workspaces/" + id, owner).body();

        for (Attempt attempt : List.of(
                new Attempt("GET", "/api/v1/workspaces/%s"),
                new Attempt("POST", "/api/v1/workspaces/%s/stop"),
                new Attempt("POST", "/api/v1/workspaces/%s/start"),
                new Attempt("DELETE", "/api/v1/workspaces/%s"))) {
            Api.Reply denied = Api.method(attempt.method(), attempt.path().formatted(id), intruder, null);
            Api.Reply missing = Api.method(attempt.method(), attempt.path().formatted(MISSING), intruder, null);

            assertThat(denied.status()).as(attempt + " " + denied).isEqualTo(404);
            assertThat(denied.header("Content-Type")).startsWith("application/json");
            assertThat(denied.json().getString("error")).isEqualTo(missing.json().getString("error"));
            assertThat(denied.json().getString("message")).isEqualTo(missing.json().getString("message").replace(MISSING, id));
        }
        assertThat(Api.get("/api/v1/workspaces/" + id, owner).body()).isEqualTo(before);
    }

    @Test
    void otherUser_list_seesOnlyOwn() {
        String id = create(TestIdentityProvider.token("olga"), "olga listed");
        String intruder = TestIdentityProvider.token("ivan");

        assertThat(ids(Api.get("/api/v1/workspaces", intruder))).doesNotContain(id);
        assertThat(ids(Api.get("/api/v1/workspaces?all=true", intruder))).as("all=true without admin").doesNotContain(id);
    }

    @Test
    void admin_readsEveryonesWorkspaces() {
        String id = create(TestIdentityProvider.token("olga"), "olga audited");
        String admin = TestIdentityProvider.token("ada", "admin");

        assertThat(ids(Api.get("/api/v1/workspaces?all=true", admin))).contains(id);
        Api.Reply read = Api.get("/api/v1/workspaces/" + id, admin);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("owner")).isEqualTo("olga");
    }

    private record Attempt(String method, String path) {
    }

    private static String create(String token, String name) {
        Api.Reply created = Api.post("/api/v1/workspaces", token, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static List<String> ids(Api.Reply list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.jsonArray().stream().map(JsonValue::asJsonObject).map(workspace -> workspace.getString("id")).toList();
    }
}
