package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.ServerLogs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-user and per-client limits at their defaults (the dev server is configured like
 * {@code ./mvnw liberty:run}): each answers with its documented status or close code, and frees
 * up again. Every test is its own user, so budgets are not shared.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionLimitsDevServerIT {
    private static final int CLIENTS_PER_TERMINAL = 8;
    private static final int ATTACHES_PER_USER = 32;
    private static final int ATTACHES_PER_MINUTE = 60;
    private static final int STREAMS_PER_USER = 16;
    private static final int CONTROL_FRAMES_PER_SECOND = 30;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static void assertTooMany(TerminalSocket.Refusal refusal, String code) {
        assertThat(refusal.status()).as(refusal.body()).isEqualTo(429);
        assertThat(refusal.json().getString("error")).isEqualTo(code);
        assertThat(Long.parseLong(refusal.header("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void clientsPerTerminal_ninthRefused429_andAdmittedOnceOneLeaves() {
        String token = DevTokens.token(user("clara"));
        String workspace = Terminals.workspace(token);
        String terminal = Terminals.bash(token, workspace);
        List<TerminalSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS_PER_TERMINAL; i++) {
                TerminalSocket client = TerminalSocket.attach(workspace, terminal, token, "");
                client.attached();
                clients.add(client);
            }

            assertTooMany(TerminalSocket.refused(TerminalSocket.attachPath(workspace, terminal), bearer(token)), "too_many_clients");

            clients.remove(0).close();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                try (TerminalSocket again = TerminalSocket.attach(workspace, terminal, token, "")) {
                    assertThat(again.attached().getString("type")).isEqualTo("attached");
                }
            });
        } finally {
            clients.forEach(TerminalSocket::close);
        }
    }

    @Test
    void attachesPerUser_refused429OverTheLimit_andAdmittedOnceOneLeaves() {
        String token = DevTokens.token(user("ulla"));
        String workspace = Terminals.workspace(token);
        List<String> terminals = new ArrayList<>();
        for (int i = 0; i < ATTACHES_PER_USER / CLIENTS_PER_TERMINAL + 1; i++) {
            terminals.add(Terminals.bash(token, workspace));
        }
        List<TerminalSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < ATTACHES_PER_USER; i++) {
                TerminalSocket client = TerminalSocket.attach(workspace, terminals.get(i / CLIENTS_PER_TERMINAL), token, "");
                client.attached();
                clients.add(client);
            }
            String spare = terminals.get(terminals.size() - 1);

            assertTooMany(TerminalSocket.refused(TerminalSocket.attachPath(workspace, spare), bearer(token)), "too_many_attaches");
            String other = DevTokens.token(user("otto"));
            assertThat(TerminalSocket.refused(TerminalSocket.attachPath(Terminals.workspace(other), "t-000000000000"),
                    bearer(other)).status()).as("another user's attaches are not counted here").isEqualTo(404);

            clients.remove(0).close();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                try (TerminalSocket again = TerminalSocket.attach(workspace, spare, token, "")) {
                    assertThat(again.attached().getString("type")).isEqualTo("attached");
                }
            });
        } finally {
            clients.forEach(TerminalSocket::close);
        }
    }

    @Test
    void attachRate_overPerUserBudget_429RateLimitedWithRetryAfter() {
        String token = DevTokens.token(user("rafa"));
        String workspace = Terminals.workspace(token);
        String missing = TerminalSocket.attachPath(workspace, "t-000000000000");
        // Attaches that get as far as the terminal check spend the budget, refused or not. The budget
        // refills evenly (one a second), so a slow machine gets a few more through before the 429.
        for (int i = 0; i < ATTACHES_PER_MINUTE; i++) {
            assertThat(TerminalSocket.refused(missing, bearer(token)).status()).isEqualTo(404);
        }
        TerminalSocket.Refusal refused = TerminalSocket.refused(missing, bearer(token));
        for (int i = 0; i < ATTACHES_PER_MINUTE && refused.status() == 404; i++) {
            refused = TerminalSocket.refused(missing, bearer(token));
        }

        assertTooMany(refused, "rate_limited");
        String other = DevTokens.token(user("rafa"));
        assertThat(TerminalSocket.refused(TerminalSocket.attachPath(Terminals.workspace(other), "t-000000000000"),
                bearer(other)).status()).as("another user's budget").isEqualTo(404);
    }

    @Test
    void controlFrames_overTheRate_droppedWithErrorEvent_connectionStaysOpen() {
        String token = DevTokens.token(user("ctl"));
        String workspace = Terminals.workspace(token);
        String terminal = Terminals.bash(token, workspace);
        try (TerminalSocket client = TerminalSocket.attach(workspace, terminal, token, "")) {
            client.attached();
            // Twice the burst at once: the first burst is taken, most of the rest dropped.
            for (int i = 0; i < 2 * CONTROL_FRAMES_PER_SECOND; i++) {
                client.resize(100, 30);
            }

            JsonObject refusal = client.awaitEvent(event -> event.getString("type").equals("error")
                    && event.getString("error").equals("control_rate_exceeded"));
            assertThat(refusal.getString("message")).contains(CONTROL_FRAMES_PER_SECOND + " a second");
            client.type("echo after-$((6*7))\r");
            client.awaitText("after-42");
            long refused = client.events().stream().filter(event -> event.getString("type").equals("error")
                    && event.getString("error").equals("control_rate_exceeded")).count();
            assertThat(refused).as("the first burst of %d is taken", CONTROL_FRAMES_PER_SECOND)
                    .isBetween(1L, (long) CONTROL_FRAMES_PER_SECOND);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void invalidFrameFlood_fromAClientThatDoesNotRead_closed1008() throws InterruptedException {
        String token = DevTokens.token(user("flo"));
        String workspace = Terminals.workspace(token);
        String terminal = Terminals.bash(token, workspace);
        try (TerminalSocket client = TerminalSocket.attach(workspace, terminal, token, "")) {
            client.attached();
            client.pause();
            // Each frame is refused with an error event the client does not read: the server keeps a
            // few of them, then closes the connection instead of queueing more. Once it has, it may
            // stop reading this client's frames, so the flood runs beside the test, for at most a minute.
            ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory());
            Future<?> flood = sender.submit(() -> {
                for (int i = 0; i < 400_000; i++) {
                    client.control("x");
                }
            });
            try {
                flood.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException stopped) {
                // The server closed the connection, or stopped reading it.
            } finally {
                sender.shutdownNow();
            }
            client.resume();

            // 1008, or no close frame at all when the server could not even write it to a client
            // that reads nothing; either way the server says why.
            assertThat(client.awaitClose()).isIn(1008, -1);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                ServerLogs.read(Path.of(System.getProperty("coditect.it.server-logs"))))
                .contains("refusals of its frames unread and was disconnected (1008 too_many_events)"));
        // The terminal is fine, and the user may attach again.
        try (TerminalSocket again = TerminalSocket.attach(workspace, terminal, token, "")) {
            again.type("echo still-$((6*7))\n");
            again.awaitText("still-42");
        }
    }

    @Test
    void progressStreamsPerUser_refused429OverTheLimit_andAdmittedOnceOneEnds() throws Exception {
        String token = DevTokens.token(user("pia"));
        String workspace = Terminals.workspace(token);
        assertThat(Api.post("/api/v1/workspaces/" + workspace + "/stop", token, "").status()).isIn(200, 202);
        List<InputStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_USER; i++) {
                HttpResponse<InputStream> stream = events(token, workspace);
                assertThat(stream.statusCode()).isEqualTo(200);
                streams.add(stream.body());
            }

            HttpResponse<InputStream> refused = events(token, workspace);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(new String(refused.body().readAllBytes())).contains("too_many_streams");

            streams.remove(0).close();
            // The server finds a stream's client gone at its next keep-alive.
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                HttpResponse<InputStream> again = events(token, workspace);
                again.body().close();
                return again.statusCode() == 200;
            });
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
        }
    }

    private static HttpResponse<InputStream> events(String token, String workspace) throws Exception {
        return Api.client().send(Api.request("/api/v1/workspaces/" + workspace + "/events", token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }
}
