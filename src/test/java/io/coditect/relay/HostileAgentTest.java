package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.TerminalSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's REST calls to an agent that misbehaves, against a real HTTP server on loopback
 * playing the agent: every misbehaviour is {@code 503 agent_unavailable} for that workspace's
 * caller, the gateway reads at most the cap, and a stalled answer ends within the request timeout
 * (the {@code @Timeout}s are hang guards, not measurements).
 */
@Timeout(30)
class HostileAgentTest {
    private static final String WORKSPACE = "ws-aaaaaaaaaaaa";
    private static final String TERMINAL = "t-aaaaaaaaaaaa";

    private FakeAgent agent;
    private AgentClient client;
    /** Bytes the fake agent managed to hand to the gateway's connection. */
    private final AtomicLong written = new AtomicLong();
    private volatile FakeAgent.Behaviour behaviour;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent(exchange -> behaviour.answer(exchange));
        client = agent.client();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void endless(HttpExchange exchange, long declaredLength) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, declaredLength);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[64 * 1024];
        out.write('[');
        for (int i = 0; i < 64 * 1024; i++) {
            out.write(chunk);
            written.addAndGet(chunk.length);
        }
    }

    private void assertAgentUnavailable(Runnable call) {
        int before = agent.unavailable();
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("agent_unavailable");
        });
        assertThat(agent.unavailable()).isEqualTo(before + 1);
    }

    @Test
    void endlessAnswer_unavailable_andTheGatewayStopsReadingNearTheCap() {
        behaviour = exchange -> endless(exchange, 0);
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
        // What the agent got out: the cap plus what sockets buffer, nowhere near the 4 GiB it tried.
        assertThat(written.get()).isLessThan(BoundedBody.MAX_BYTES + 32L * 1024 * 1024);
    }

    @Test
    void declaredHugeAnswer_unavailable_withoutReadingIt() {
        behaviour = exchange -> endless(exchange, 4L * 1024 * 1024 * 1024);
        assertAgentUnavailable(() -> client.find(WORKSPACE, TERMINAL, "alice"));
        assertThat(written.get()).isLessThan(BoundedBody.MAX_BYTES + 32L * 1024 * 1024);
    }

    @Test
    void answerStalledMidBody_unavailableWithinTheRequestTimeout() {
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("[{\"id\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            sleep(20_000);
        };
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
    }

    @Test
    void noAnswerAtAll_unavailable() {
        behaviour = exchange -> sleep(20_000);
        assertAgentUnavailable(() -> client.delete(WORKSPACE, TERMINAL, "alice"));
    }

    @Test
    void garbage_unavailable_notAServerError() {
        behaviour = exchange -> json(exchange, 200, "\u0000\u0001garbage{{{");
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
        behaviour = exchange -> json(exchange, 200, "{\"not\":\"a list\"}");
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
        behaviour = exchange -> json(exchange, 200, "[42]");
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
        behaviour = exchange -> json(exchange, 200, "{\"id\":\"t-aaaaaaaaaaaa\",\"cols\":\"wide\"}");
        assertAgentUnavailable(() -> client.find(WORKSPACE, TERMINAL, "alice"));
        behaviour = exchange -> json(exchange, 201, terminal("t-aaaaaaaaaaaa", WORKSPACE, "yesterday"));
        assertAgentUnavailable(() -> client.create(WORKSPACE, "alice", new TerminalSpec("/bin/sh", null, 80, 24, Map.of())));
    }

    @Test
    void terminalOfAnotherWorkspaceOrWithAMalformedId_unavailable() {
        behaviour = exchange -> json(exchange, 200, "[" + terminal("../../evil", WORKSPACE, "2026-01-01T00:00:00Z") + "]");
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
        behaviour = exchange -> json(exchange, 200, "[" + terminal(TERMINAL, "ws-bbbbbbbbbbbb", "2026-01-01T00:00:00Z") + "]");
        assertAgentUnavailable(() -> client.list(WORKSPACE, "alice"));
        behaviour = exchange -> json(exchange, 200, "[" + terminal(TERMINAL, WORKSPACE, "2026-01-01T00:00:00Z") + "]");
        assertThat(client.list(WORKSPACE, "alice")).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(TERMINAL));
    }

    @Test
    void terminalWithAnUnknownOrMissingStatusOrSize_unavailable() {
        String valid = terminal(TERMINAL, WORKSPACE, "2026-01-01T00:00:00Z");
        behaviour = exchange -> json(exchange, 200, valid.replace("\"running\"", "\"dancing\""));
        assertAgentUnavailable(() -> client.find(WORKSPACE, TERMINAL, "alice"));
        behaviour = exchange -> json(exchange, 200, valid.replace("\"status\":\"running\",", ""));
        assertAgentUnavailable(() -> client.find(WORKSPACE, TERMINAL, "alice"));
        behaviour = exchange -> json(exchange, 200, valid.replace("\"cols\":80,", ""));
        assertAgentUnavailable(() -> client.find(WORKSPACE, TERMINAL, "alice"));
        behaviour = exchange -> json(exchange, 200, valid);
        assertThat(client.find(WORKSPACE, TERMINAL, "alice")).hasValueSatisfying(t -> assertThat(t.cols()).isEqualTo(80));
    }

    @Test
    void malformedIds_refusedBeforeAnyUrlIsMade() {
        behaviour = exchange -> json(exchange, 200, "[]");
        for (String id : new String[] {"../x", "t-AAAAAAAAAAAA", "t-aaaaaaaaaaaa/../../y", "t-aaaaaaaaaaaa?x=1", "", "t-aaaaaaaaaaaa%2f"}) {
            assertThatThrownBy(() -> client.find(WORKSPACE, id, "alice")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo("terminal_not_found"));
            assertThatThrownBy(() -> client.attachUri(WORKSPACE, id, java.util.OptionalLong.empty()))
                    .isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> client.list("ws-x/../../admin", "alice")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("workspace_not_found"));
        assertThat(agent.requests()).isZero();
    }

    @Test
    void filesRefusalStalledMidJson_unavailable() throws Exception {
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(409, 1000);
            exchange.getResponseBody().write("{\"error\":\"conflict\",".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            sleep(20_000);
        };
        HttpResponse<InputStream> reply = client.exchange(HttpRequest.newBuilder(agent.uri("/files")), WORKSPACE, "alice");
        assertAgentUnavailable(() -> AgentReplies.of(WORKSPACE, reply, () -> { }, () -> client.unavailable(WORKSPACE, "test")));
    }

    @Test
    void filesRefusalLargerThanTheCap_unavailable() throws Exception {
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(409, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"error\":\"conflict\",\"message\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        };
        HttpResponse<InputStream> reply = client.exchange(HttpRequest.newBuilder(agent.uri("/files")), WORKSPACE, "alice");
        assertAgentUnavailable(() -> AgentReplies.of(WORKSPACE, reply, () -> { }, () -> client.unavailable(WORKSPACE, "test")));
    }

    private static String terminal(String id, String workspaceId, String createdAt) {
        return "{\"id\":\"" + id + "\",\"workspaceId\":\"" + workspaceId + "\",\"shell\":\"/bin/sh\",\"cwd\":\"/\",\"cols\":80,"
                + "\"rows\":24,\"status\":\"running\",\"ringStart\":0,\"offset\":0,\"clients\":0,\"createdAt\":\"" + createdAt
                + "\",\"lastActiveAt\":\"2026-01-01T00:00:00Z\"}";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
