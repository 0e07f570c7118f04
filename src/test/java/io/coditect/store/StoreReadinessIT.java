package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness and metrics follow the real store of the running server. */
@ExtendWith(ArquillianExtension.class)
class StoreReadinessIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void ready_storeFileMovedAwayThenBack_downWithReasonAndWritesRefusedThenUp() throws IOException {
        Path file = Path.of(System.getProperty("coditect.it.data-dir"), "store", "coditect.mv.db");
        Path elsewhere = file.resolveSibling("coditect.mv.db.moved-by-test");
        String token = TestIdentityProvider.token("stella");
        Api.Reply down;
        Api.Reply pageDown;
        Api.Reply refused;
        Files.move(file, elsewhere);
        try {
            down = Api.management().get("/health/ready", (String) null);
            pageDown = Api.get("/api/v1/ready", null);
            refused = Api.post("/api/v1/workspaces", token, "{\"name\":\"refused\"}");
        } finally {
            Files.move(elsewhere, file);
        }
        Api.Reply up = Api.management().get("/health/ready", (String) null);
        Api.Reply pageUp = Api.get("/api/v1/ready", null);
        Api.Reply created = Api.post("/api/v1/workspaces", token, "{\"name\":\"accepted\"}");

        assertThat(down.status()).isEqualTo(503);
        JsonObject store = storeCheck(down);
        assertThat(store.getString("status")).isEqualTo("DOWN");
        assertThat(store.getJsonObject("data").getString("detail")).contains("missing");
        // The page's readiness on the application's port: the same checks, without their details.
        assertThat(pageDown.status()).isEqualTo(503);
        assertThat(pageDown.body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(pageUp.status()).as(pageUp.body()).isEqualTo(200);
        assertThat(pageUp.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().getString("error")).isEqualTo("store_unavailable");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(storeCheck(up).getString("status")).isEqualTo("UP");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void metrics_afterStoreOperations_latencyTimerTaggedByBackendAndOperation() {
        String token = TestIdentityProvider.token("milo");
        Api.post("/api/v1/workspaces", token, "{\"name\":\"timed\"}");
        Api.get("/api/v1/workspaces", token);

        Api.Reply reply = Api.management().get("/metrics?scope=application", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .containsPattern("(?m)^coditect_store_operation_seconds_count\\{(?=[^}]*backend=\"embedded\")"
                        + "(?=[^}]*operation=\"transact\")(?=[^}]*outcome=\"ok\")[^}]*} [1-9]")
                .containsPattern("(?m)^coditect_store_operation_seconds_count\\{(?=[^}]*backend=\"embedded\")"
                        + "(?=[^}]*operation=\"read\")(?=[^}]*outcome=\"ok\")[^}]*} [1-9]")
                .containsPattern("(?m)^coditect_store_operation_seconds\\{(?=[^}]*operation=\"transact\")"
                        + "(?=[^}]*quantile=\"0.99\")[^}]*} ");
    }

    private static JsonObject storeCheck(Api.Reply reply) {
        return reply.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("store"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no store check in " + reply.body()));
    }
}
