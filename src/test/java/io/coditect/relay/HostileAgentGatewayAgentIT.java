package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.GatewayAgentPair;
import io.coditect.testing.HeapWatch;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real gateway whose agents are reached through {@link AgentRouter}: one workspace's agent is the
 * real agent server, another's is played by the test ({@link PlayedAgent}) and misbehaves (issue 15): answers that never
 * end, no answer at all, garbage instead of HTTP, and on the attach WebSocket garbage frames, an
 * oversized event, a frame that stops half-way and an upgrade refused with a body that never ends.
 * Its user gets {@code agent_unavailable} (503, or the error event and close 1013 on an attach);
 * the gateway's heap stays far below what the agent offered; and the other user's terminal,
 * attached through the same gateway all along, keeps echoing after each misbehaviour. An upgrade
 * refused as {@code 404 terminal_not_found} reaches its user as that error and close 4000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAgentGatewayAgentIT {
    /** The gateway may hold its cap and buffers while it reads; a quarter of the offer would mean it kept it. */
    private static final long HEAP_GROWTH_LIMIT = PlayedAgent.HUGE_BYTES / 4;
    /**
     * What a refused upgrade's endless body may get written before the gateway hangs up: its 16 KiB
     * cap and what the loopback buffers take (about 4 MiB here). Netty holds a refusal's body in
     * direct buffers, which the heap watch does not see: this is the measure that shows a lifted cap
     * (68 MiB within the handshake deadline on a loaded machine).
     */
    private static final long REFUSAL_OFFER_LIMIT = PlayedAgent.HUGE_BYTES / 16;

    private final GatewayAgentPair pair = GatewayAgentPair.ofBuild();
    private final String alice = TestIdentityProvider.uniqueUser("alice");
    private final String mallory = TestIdentityProvider.uniqueUser("mallory");
    private final AtomicInteger echoes = new AtomicInteger();
    private final PlayedAgent played = new PlayedAgent();
    private AgentRouter router;
    private String hostile;
    private TerminalSocket aliceTerminal;

    @BeforeAll
    void start() throws IOException {
        router = new AgentRouter(pair.agentPort(), played::wellBehaved);
        String workspace = pair.start(() -> token(alice), "alice", router.uri());
        Api.Reply terminal = pair.viaGateway().post("/api/v1/workspaces/" + workspace + "/terminals", token(alice),
                "{\"cols\":80,\"rows\":24,\"shell\":\"/bin/bash\"}");
        assertThat(terminal.status()).as(terminal.toString()).isEqualTo(201);
        aliceTerminal = TerminalSocket.open(pair.gateway().baseUri(),
                TerminalSocket.attachPath(workspace, terminal.json().getString("id")),
                Map.of("Authorization", "Bearer " + token(alice)));
        aliceTerminal.attached();
        aliceKeepsWorking();

        Api.Reply created = pair.viaGateway().post("/api/v1/workspaces", token(mallory), "{\"name\":\"hostile\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        hostile = created.json().getString("id");
        played.workspace(hostile);
        router.hostileWorkspace(hostile);
        pair.podReady(hostile);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                pair.viaGateway().get("/api/v1/workspaces/" + hostile, token(mallory)).json().getString("status").equals("running"));
    }

    @AfterAll
    void stop() throws IOException {
        if (aliceTerminal != null) {
            aliceTerminal.close();
        }
        if (router != null) {
            router.close();
        }
        pair.close();
    }

    @Test
    @Order(1)
    void answerFarBeyondTheCap_agentUnavailable_gatewayHeapFlat_othersUnaffected() {
        router.hostile(played::endlessAnswer);
        int met = router.hostileConnections();
        try (HeapWatch heap = HeapWatch.of(HeapWatch.Server.of(pair.gateway()))) {
            for (int i = 0; i < 3; i++) {
                assertAgentUnavailable(pair.viaGateway().get(hostileTerminals(), token(mallory)));
            }
            long growth = heap.peak(0) - heap.before(0);
            System.out.printf("gateway live heap: %d MiB before, peak %d MiB, while an agent offered 3 x %d MiB%n",
                    heap.before(0) >> 20, heap.peak(0) >> 20, PlayedAgent.HUGE_BYTES >> 20);
            assertThat(growth).as("the gateway's live heap growth while an agent answered without end").isLessThan(HEAP_GROWTH_LIMIT);
        }
        assertThat(router.hostileConnections()).as("answers of the hostile agent").isGreaterThanOrEqualTo(met + 3);
        System.out.printf("the most the gateway let one endless answer write before hanging up: %d MiB%n", played.mostOffered() >> 20);
        assertThat(played.mostOffered()).as("the gateway hangs up near its 1 MiB cap (plus what loopback buffers hold)")
                .isLessThan(PlayedAgent.HUGE_BYTES / 4);
        aliceKeepsWorking();
    }

    @Test
    @Order(2)
    void noAnswerAndNeverReads_agentUnavailableWithinTheRequestTimeout_othersUnaffected() {
        router.hostile(PlayedAgent::silent);
        int met = router.hostileConnections();

        assertAgentUnavailable(pair.viaGateway().post(hostileTerminals(), token(mallory), "{\"cols\":80,\"rows\":24}"));
        assertThat(router.hostileConnections()).as("calls the hostile agent took").isGreaterThan(met);

        aliceKeepsWorking();
    }

    @Test
    @Order(3)
    void garbageInsteadOfHttp_agentUnavailable_othersUnaffected() {
        router.hostile((connection, head) -> {
            connection.getOutputStream().write(PlayedAgent.garbage(64 * 1024));
            connection.getOutputStream().flush();
        });
        int met = router.hostileConnections();

        assertAgentUnavailable(pair.viaGateway().get(hostileTerminals(), token(mallory)));
        assertThat(router.hostileConnections()).as("calls the hostile agent took").isGreaterThan(met);

        aliceKeepsWorking();
    }

    @Test
    @Order(4)
    void attach_garbageFrames_agentUnavailableClose1013_othersUnaffected() {
        String terminal = hostileTerminal();
        router.hostile(played.onUpgrade((connection, head) -> {
            played.upgrade(connection, head);
            // Reserved bits set and a reserved opcode: no WebSocket peer may send this.
            connection.getOutputStream().write(new byte[] {(byte) 0xF3, 4, 1, 2, 3, 4});
            connection.getOutputStream().write(PlayedAgent.garbage(4096));
            connection.getOutputStream().flush();
            PlayedAgent.hold(connection);
        }));

        assertAttachUnavailable(terminal);

        aliceKeepsWorking();
    }

    @Test
    @Order(5)
    void attach_oversizedEvent_agentUnavailableClose1013_othersUnaffected() {
        String terminal = hostileTerminal();
        router.hostile(played.onUpgrade((connection, head) -> {
            played.upgrade(connection, head);
            byte[] text = ("{\"type\":\"error\",\"message\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            OutputStream out = connection.getOutputStream();
            out.write(new byte[] {(byte) 0x81, 127});
            out.write(ByteBuffer.allocate(8).putLong(text.length).array());
            out.write(text);
            out.flush();
            PlayedAgent.hold(connection);
        }));

        assertAttachUnavailable(terminal);

        aliceKeepsWorking();
    }

    @Test
    @Order(6)
    void attach_agentStopsHalfWayThroughAFrameAndNeverReads_othersUnaffected_gatewayAnswersItsUser() {
        String terminal = hostileTerminal();
        router.hostile(played.onUpgrade((connection, head) -> {
            played.upgrade(connection, head);
            OutputStream out = connection.getOutputStream();
            // A text frame of 100 bytes, of which the first 12 come: the start of an event, then nothing.
            out.write(new byte[] {(byte) 0x81, 100});
            out.write("{\"type\":\"att".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            PlayedAgent.hold(connection);
        }));

        int upgradesBefore = played.upgrades();
        try (TerminalSocket stalled = TerminalSocket.open(pair.gateway().baseUri(), TerminalSocket.attachPath(hostile, terminal),
                Map.of("Authorization", "Bearer " + token(mallory)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> played.upgrades() > upgradesBefore);
            sleepMillis(1000);
            assertThat(stalled.isClosed()).as("an attach whose link completed its upgrade and then stalls stays open: "
                    + stalled.events()).isFalse();
            stalled.type("typed into a stalled agent\r");
            aliceKeepsWorking();
            Api.Reply workspace = pair.viaGateway().get("/api/v1/workspaces/" + hostile, token(mallory));
            assertThat(workspace.status()).as("the gateway still answers the hostile workspace's user").isEqualTo(200);
        }
        aliceKeepsWorking();
    }

    @Test
    @Order(7)
    void attach_upgradeRefusedWithAnEndlessBody_agentUnavailable_gatewayHeapFlat_othersUnaffected() {
        String terminal = hostileTerminal();
        router.hostile(played.onUpgrade(played::endlessRefusal));
        played.forgetOffers();
        int met = router.hostileConnections();
        try (HeapWatch heap = HeapWatch.of(HeapWatch.Server.of(pair.gateway()))) {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertAttachRefusedOrEnded(terminal);
            }
            long growth = heap.peak(0) - heap.before(0);
            System.out.printf("3 attaches refused with an endless body answered agent_unavailable in %d ms; gateway live heap: "
                    + "%d MiB before, peak %d MiB, while the agent offered %d MiB each%n", (System.nanoTime() - start) / 1_000_000,
                    heap.before(0) >> 20, heap.peak(0) >> 20, PlayedAgent.HUGE_BYTES >> 20);
            assertThat(growth).as("the gateway's live heap growth while an agent refused upgrades without end")
                    .isLessThan(HEAP_GROWTH_LIMIT);
        }
        assertThat(router.hostileConnections()).as("upgrades the hostile agent refused").isGreaterThanOrEqualTo(met + 3);
        System.out.printf("the most the gateway let one endless refusal write before hanging up: %d KiB%n", played.mostOffered() >> 10);
        assertThat(played.mostOffered()).as("the gateway hangs up near its 16 KiB cap on a refusal (plus what loopback buffers hold)")
                .isLessThan(REFUSAL_OFFER_LIMIT);
        aliceKeepsWorking();
    }

    @Test
    @Order(8)
    void attach_upgradeRefusedAsTerminalNotFound_theAgentsCodeReachesItsUser() {
        String terminal = hostileTerminal();
        router.hostile(played.onUpgrade(PlayedAgent::terminalNotFound));

        try (TerminalSocket client = TerminalSocket.open(pair.gateway().baseUri(), TerminalSocket.attachPath(hostile, terminal),
                Map.of("Authorization", "Bearer " + token(mallory)))) {
            assertThat(client.awaitEvent("error").getString("error")).as("the refusal's body, read within the cap")
                    .isEqualTo("terminal_not_found");
            assertThat(client.awaitClose()).as("the close after terminal_not_found (protocol.md)").isEqualTo(4000);
        }
        aliceKeepsWorking();
    }

    /** A terminal the hostile agent made while it still behaved, so that an attach reaches its WebSocket. */
    private String hostileTerminal() {
        router.hostile(played::wellBehaved);
        Api.Reply created = pair.viaGateway().post(hostileTerminals(), token(mallory), "{\"cols\":80,\"rows\":24}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    private String hostileTerminals() {
        return "/api/v1/workspaces/" + hostile + "/terminals";
    }

    private void assertAttachUnavailable(String terminal) {
        int upgradesBefore = played.upgrades();
        try {
            assertAttachRefusedOrEnded(terminal);
        } finally {
            assertThat(played.upgrades()).as("WebSocket upgrades the hostile agent completed").isGreaterThan(upgradesBefore);
        }
    }

    private void assertAttachRefusedOrEnded(String terminal) {
        String path = TerminalSocket.attachPath(hostile, terminal);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token(mallory));
        TerminalSocket client;
        try {
            client = TerminalSocket.open(pair.gateway().baseUri(), path, bearer);
        } catch (CompletionException e) {
            // The link failed before the client's upgrade completed: refused with the same code.
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            var response = ((WebSocketHandshakeException) e.getCause()).getResponse();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(String.valueOf(response.body())).contains("agent_unavailable");
            return;
        }
        try (client) {
            assertThat(client.awaitEvent("error").getString("error")).isEqualTo("agent_unavailable");
            assertThat(client.awaitClose()).isEqualTo(1013);
        }
    }

    private static void assertAgentUnavailable(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
        assertThat(reply.json().getString("error")).isEqualTo("agent_unavailable");
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void aliceKeepsWorking() {
        String mark = "alive-" + echoes.incrementAndGet() + "-" + (6 * 7);
        aliceTerminal.type("echo alive-" + echoes.get() + "-$((6*7))\r");
        aliceTerminal.awaitText(mark);
    }

    private static String token(String user) {
        return TestIdentityProvider.token(user);
    }
}
