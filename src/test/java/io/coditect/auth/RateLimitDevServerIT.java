package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product's default rate limits on a server configured like {@code ./mvnw liberty:run}: 20
 * workspace creations per user and 30 development tokens per client address, each per minute.
 */
@ExtendWith(ArquillianExtension.class)
class RateLimitDevServerIT {
    private static final int CREATES_PER_MINUTE = 20;
    private static final int TOKENS_PER_MINUTE = 30;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void createWorkspace_overPerUserLimit_tooManyRequestsWithRetryAfter() {
        String user = "rita-" + UUID.randomUUID().toString().substring(0, 8);
        String token = DevTokens.token(user);
        long started = System.nanoTime();
        // Each workspace is deleted at once, so the running-workspace quota never answers first.
        for (int i = 0; i < CREATES_PER_MINUTE; i++) {
            Api.Reply created = Api.post("/api/v1/workspaces", token, "{\"name\":\"burst " + i + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(Api.delete("/api/v1/workspaces/" + created.json().getString("id"), token).status()).isEqualTo(204);
        }

        Api.Reply refused = Api.post("/api/v1/workspaces", token, "{\"name\":\"one too many\"}");
        long beyond = 0;
        while (refused.status() == 201 && beyond < CREATES_PER_MINUTE) {
            assertThat(Api.delete("/api/v1/workspaces/" + refused.json().getString("id"), token).status()).isEqualTo(204);
            beyond++;
            refused = Api.post("/api/v1/workspaces", token, "{\"name\":\"one too many\"}");
        }

        assertThat(beyond).as("accepted beyond the burst").isLessThanOrEqualTo(refilled(started, CREATES_PER_MINUTE));
        assertRateLimited(refused);
        assertThat(Api.get("/api/v1/workspaces", token).jsonArray()).isEmpty();
        assertThat(Api.post("/api/v1/workspaces", DevTokens.token(user + "-other"), "{\"name\":\"mine\"}").status())
                .as("another user's budget").isEqualTo(201);
    }

    @Test
    void devToken_overPerClientLimit_tooManyRequestsWithRetryAfter() throws Exception {
        // A loopback address of its own: the budget of 127.0.0.1 is shared with the other tests.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName("127.0.0.2")).build();
        long started = System.nanoTime();
        for (int i = 0; i < TOKENS_PER_MINUTE; i++) {
            assertThat(requestToken(client).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = requestToken(client);
        long beyond = 0;
        while (refused.statusCode() == 200 && beyond < TOKENS_PER_MINUTE) {
            beyond++;
            refused = requestToken(client);
        }

        assertThat(beyond).as("accepted beyond the burst").isLessThanOrEqualTo(refilled(started, TOKENS_PER_MINUTE));

        assertRateLimited(new Api.Reply(refused.statusCode(), refused.body(), refused.headers()));
        assertThat(DevTokens.request("rhea", "user").status()).as("from 127.0.0.1").isEqualTo(200);
    }

    private static HttpResponse<String> requestToken(HttpClient client) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + Api.baseUri().getPort() + "/api/v1/dev/token");
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DevTokens.body("rhea", DevTokens.signInSecret(), "user"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * How many calls a bucket of {@code perMinute} may have refilled since {@code started}: one every
     * minute / perMinute. A loaded machine makes the burst slower than that, and the refilled calls
     * pass; the limit still refuses once they are spent.
     */
    private static long refilled(long started, int perMinute) {
        return (System.nanoTime() - started) / (TimeUnit.MINUTES.toNanos(1) / perMinute);
    }

    private static void assertRateLimited(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().getString("error")).isEqualTo("rate_limited");
        assertThat(reply.json().getString("message")).isNotBlank();
        assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(1L, 60L);
    }
}
