package io.coditect.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class HealthEndpointsIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void ready_storeOpen_upWithStoreAndDrainChecks() {
        Api.Reply reply = Api.management().get("/health/ready", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getString("status")).isEqualTo("UP");
        JsonObject store = check(reply, "store");
        assertThat(store.getString("status")).isEqualTo("UP");
        assertThat(store.getJsonObject("data").getString("backend")).isEqualTo("embedded");
        assertThat(store.getJsonObject("data").getString("looked-at")).contains("read transaction");
        JsonObject drain = check(reply, "drain");
        assertThat(drain.getString("status")).isEqualTo("UP");
        assertThat(drain.getJsonObject("data").getBoolean("draining")).isFalse();
    }

    @Test
    void live_noDeadlock_upWithThreadData() {
        Api.Reply reply = Api.management().get("/health/live", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        JsonObject threads = check(reply, "threads");
        assertThat(threads.getString("status")).isEqualTo("UP");
        assertThat(threads.getJsonObject("data").getInt("deadlocked-threads")).isZero();
    }

    @Test
    void started_afterDeployment_upWithRoleAndTime() {
        Api.Reply reply = Api.management().get("/health/started", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        JsonObject startup = check(reply, "startup");
        assertThat(startup.getString("status")).isEqualTo("UP");
        assertThat(startup.getJsonObject("data").getString("role")).isEqualTo("standalone");
        assertThat(startup.getJsonObject("data").getString("started-at")).isNotBlank();
    }

    private static JsonObject check(Api.Reply reply, String name) {
        return reply.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + reply.body()));
    }
}
