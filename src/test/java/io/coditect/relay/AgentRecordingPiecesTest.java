package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The copier's calls to an agent that misbehaves ({@link AgentRecordingPieces}), against a real
 * HTTP server on loopback playing the agent: a piece is asked for by offset and length; one whose
 * stated length is not the length asked (more, none) or whose type is not asciicast is refused
 * before its body is read, and no more than the length asked is ever read of a body; a recording
 * the agent no longer has is refused; an agent that fails, breaks off or stalls only fails the call.
 * (The {@code @Timeout} is a hang guard, not a measurement.)
 */
@Timeout(30)
class AgentRecordingPiecesTest {
    private static final String WS = "ws-aaaaaaaaaaaa";
    private static final String ID = "rec-1764745200000-0a1b2c3d";

    private FakeAgent agent;
    private AgentRecordingPieces pieces;
    private volatile FakeAgent.Behaviour behaviour;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final AtomicLong written = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent(exchange -> {
            asked.add(exchange.getRequestURI().toString() + " " + exchange.getRequestHeaders().getFirst("Accept"));
            behaviour.answer(exchange);
        });
        pieces = new AgentRecordingPieces(agent.client(), new WorkspaceOwners() {
            @Override
            public String of(String workspaceId) {
                return "alice";
            }
        });
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static void answer(HttpExchange exchange, int status, String type, long declared, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, declared);
        exchange.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer that states {@code declared} bytes and sends them, 64 KiB at a time, counting what left. */
    private void flood(HttpExchange exchange, long declared) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-asciicast");
        exchange.sendResponseHeaders(200, declared);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        for (long left = declared; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
            written.addAndGet(Math.min(chunk.length, left));
        }
    }

    @Test
    void aPiece_askedByOffsetAndLength_readExactly() {
        behaviour = exchange -> answer(exchange, 200, "application/x-asciicast", 10, "0123456789");

        assertThat(new String(pieces.read(WS, ID, 30_000, 10), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        assertThat(asked).containsExactly("/api/agent/v1/workspaces/" + WS + "/recordings/" + ID
                + "?from=30000&length=10 application/x-asciicast");
    }

    @Test
    void aStatedLengthOtherThanAsked_orAnotherType_refusedBeforeTheBodyIsRead() {
        behaviour = exchange -> flood(exchange, 256L * 1024 * 1024);
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 1000)).isInstanceOf(RecordingCopier.Refused.class)
                .hasMessageContaining("length '268435456'");
        assertThat(written.get()).as("what the agent could send before the gateway hung up").isLessThan(64L * 1024 * 1024);

        behaviour = exchange -> answer(exchange, 200, "application/x-asciicast", 0, "chunked, no length");
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 18)).isInstanceOf(RecordingCopier.Refused.class);
        behaviour = exchange -> answer(exchange, 200, "application/x-asciicast", 5, "01234");
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 10)).isInstanceOf(RecordingCopier.Refused.class);
        behaviour = exchange -> answer(exchange, 200, "text/html", 10, "<html>....");
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 10)).isInstanceOf(RecordingCopier.Refused.class);
        behaviour = exchange -> answer(exchange, 404, "application/json", 0, "{\"error\":\"recording_not_found\",\"message\":\"gone\"}");
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 10)).isInstanceOf(RecordingCopier.Refused.class)
                .hasMessage("that it has no such recording");
    }

    @Test
    void anAgentThatFailsBreaksOffOrStalls_failsTheCallOnly() {
        behaviour = exchange -> answer(exchange, 503, "application/json", 0, "{\"error\":\"store_unavailable\",\"message\":\"x\"}");
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 10)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("agent_unavailable"));
        behaviour = exchange -> {
            answer(exchange, 200, "application/x-asciicast", 10, "01234");
            exchange.getResponseBody().flush();
            exchange.close();
        };
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 10)).isInstanceOf(UncheckedIOException.class);
        behaviour = exchange -> {
            answer(exchange, 200, "application/x-asciicast", 10, "01234");
            exchange.getResponseBody().flush();
            sleep(20_000);
        };
        assertThatThrownBy(() -> pieces.read(WS, ID, 0, 10)).isInstanceOf(UncheckedIOException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
