package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.terminal.TerminalSettings;
import io.coditect.testing.Api;
import io.coditect.testing.Metrics;
import io.coditect.testing.ProductConfig;
import io.coditect.testing.TerminalSocket;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A gateway and an agent, two real Liberty servers on loopback, each its own process
 * ({@link GatewayAgentFixture}): the gateway provisions the workspace through a mock Kubernetes API
 * server (the test plays the StatefulSet controller and the kubelet by writing the workspace's pod,
 * ready) and reaches the agent through its URL template. Clients attach through the gateway; the gateway is killed, restarted and
 * stopped under them; the agent is killed and comes back.
 *
 * <p>The servers are started once for the class, and the tests that stop one start it again, so the
 * order only saves restarts: those that stop a server come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAgentIT extends GatewayAgentFixture {
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern LINE = Pattern.compile("line-(\\d+)");
    private static final int LINES = 1500;
    private static final long FLOOD_BYTES = 200_000_000L;
    /**
     * The documented bound: the gateway holds at most its relay window of output per client (the
     * window is checked before each request, so one more frame may arrive).
     */
    private static final long GATEWAY_HOLDS_AT_MOST = ProductConfig.longValue("coditect.gateway.relay.window-bytes")
            + TerminalSettings.OUTPUT_FRAME;
    /**
     * What the agent may have read from the PTY for a stalled client: what the two loopback
     * connections (client to gateway, gateway to agent) can hold unread, the gateway's window, the
     * agent's window of unsent output and its ring. Far below the flood.
     */
    private static final long AGENT_READS_AT_MOST = 2 * Metrics.loopbackConnectionBytes() + GATEWAY_HOLDS_AT_MOST
            + ProductConfig.longValue("coditect.terminal.window-bytes") + ProductConfig.longValue("coditect.terminal.ring-bytes");
    /** 25 samples 200 ms apart: the agent's offset flat for 5 s. */
    private static final int FLAT_SAMPLES = 25;

    @Test
    @Order(1)
    void attach_throughTheGateway_theShellRunsInTheAgentsWorkspace_offsetsEndToEnd() throws Exception {
        String terminal = createTerminal();
        assertThat(viaGateway().get(terminals(), token()).jsonArray()).extracting(value -> value.asJsonObject().getString("id"))
                .contains(terminal);

        try (TerminalSocket client = attach(terminal, "")) {
            assertThat(client.attached().getJsonNumber("offset").longValue()).isZero();
            client.type("echo dir=$(pwd) pid=$$\r");
            Pattern answer = Pattern.compile("dir=(\\S+) pid=(\\d+)");
            await().until(() -> answer.matcher(client.text()).find());
            Matcher shell = answer.matcher(client.text());
            assertThat(shell.find()).isTrue();

            assertThat(Path.of(shell.group(1))).isEqualTo(pair.agentWorkspace().toRealPath());
            assertThat(ProcessHandle.of(Long.parseLong(shell.group(2)))).isPresent();
            await().until(() -> terminalOffset(terminal) == client.offset());
        }
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            String query = "?offset=" + terminalOffset(terminal);
            long start = System.nanoTime();
            try (TerminalSocket again = attach(terminal, query)) {
                again.attached();
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        System.out.printf("attach through the gateway (upgrade to attached event), warm: %s ms%n", Arrays.toString(millis));
    }

    @Test
    @Order(3)
    void slowClient_gatewayHoldsOneWindow_agentStopsReadingThePty_thenTheGatewayCutsItOff() {
        String terminal = createTerminal();
        double heapBefore = metric(gateway.baseUri(), "memory_usedHeap_bytes");

        try (TerminalSocket stalled = attach(terminal, "")) {
            stalled.attached();
            double pausesBefore = metric(agent.baseUri(), "coditect_terminals_flow_control_pauses_total");
            double cutOffBefore = metric(gateway.baseUri(), "coditect_gateway_slow_clients_total");
            stalled.pause();
            stalled.type("head -c " + FLOOD_BYTES + " /dev/zero | tr '\\0' x; echo; echo flood-$((7*7))\r");

            // Over the whole stall: the gateway's buffer, sampled every 200 ms, never above its window;
            // the agent's offset (bytes it read from the PTY) settles and then stays flat for seconds.
            List<Long> held = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (!flatFor(offsets, FLAT_SAMPLES) && System.nanoTime() < deadline) {
                held.add((long) metric(gateway.baseUri(), "coditect_gateway_relay_buffered_bytes"));
                offsets.add(terminalOffset(terminal));
                sleep(200);
            }
            long read = offsets.getLast();
            System.out.printf("slow client: the gateway held at most %d bytes for it over %d samples, used heap %.1f MiB"
                    + " before, %.1f MiB now; the agent read %d of %d bytes, flat over the last %d samples%n",
                    held.stream().mapToLong(Long::longValue).max().orElseThrow(), held.size(), heapBefore / 1048576,
                    metric(gateway.baseUri(), "memory_usedHeap_bytes") / 1048576, read, FLOOD_BYTES, FLAT_SAMPLES);
            assertThat(flatFor(offsets, FLAT_SAMPLES)).as("the agent's offset every 200 ms stops moving: %s", offsets).isTrue();
            assertThat(held).as("bytes the gateway held for the stalled client, every 200 ms")
                    .allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(GATEWAY_HOLDS_AT_MOST));
            assertThat(read).as("bytes the agent read: what both loopback connections can hold, the gateway's window,"
                    + " the agent's window and ring; nothing of the rest of the flood").isLessThanOrEqualTo(AGENT_READS_AT_MOST);
            assertThat(metric(agent.baseUri(), "coditect_terminals_flow_control_pauses_total")).isGreaterThan(pausesBefore);
            assertThat(metric(gateway.baseUri(), "coditect_gateway_slow_clients_total"))
                    .as("the client was still attached while the stall was measured").isEqualTo(cutOffBefore);

            // A client that reads nothing never sees the close; the agent sees the gateway's link go.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> metric(gateway.baseUri(), "coditect_gateway_slow_clients_total") > cutOffBefore);
            await().until(() -> clients(terminal) == 0);
        }
        await().until(() -> metric(gateway.baseUri(), "coditect_gateway_relay_buffered_bytes") == 0);
        assertThat(viaGateway().delete(terminals() + "/" + terminal, token()).status()).isEqualTo(204);
    }

    /** The last {@code count} samples are all equal. */
    private static boolean flatFor(List<Long> samples, int count) {
        return samples.size() >= count && samples.subList(samples.size() - count, samples.size()).stream().distinct().count() == 1;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(4)
    void gatewayKilled_restarted_reattachWithTicket_sameShell_everyByteOnce() {
        String terminal = createTerminal();
        TerminalSocket first = attach(terminal, "");
        first.attached();
        long pid = pid(first, 1);
        first.type("for i in $(seq 1 " + LINES + "); do echo line-$i; sleep 0.02; done; echo gen-$((6*7))\r");
        first.awaitText("line-20\r");
        String ticket = viaGateway().post(terminals() + "/" + terminal + "/tickets", token(), null).json().getString("ticket");
        secrets.add(ticket);

        gateway.kill();
        first.awaitClose();
        long offset = first.offset();
        byte[] before = first.bytes();
        long restart = System.nanoTime();
        gateway.start();
        System.out.printf("gateway restarted in %d ms%n", (System.nanoTime() - restart) / 1_000_000);

        long reattach = System.nanoTime();
        try (TerminalSocket second = TerminalSocket.open(gateway.baseUri(),
                TerminalSocket.attachPath(workspace, terminal) + "?offset=" + offset + "&ticket=" + ticket, Map.of())) {
            JsonObject attached = second.attached();
            System.out.printf("re-attached in %d ms%n", (System.nanoTime() - reattach) / 1_000_000);
            assertThat(attached.getJsonNumber("offset").longValue()).isEqualTo(offset);
            assertThat(attached.getBoolean("truncated")).isFalse();
            second.awaitText("gen-42");
            assertThat(pid(second, 1)).isEqualTo(pid);
            assertThat(lines(before, second.bytes())).isEqualTo(IntStream.rangeClosed(1, LINES).boxed().toList());
        }
        first.close();
    }

    @Test
    @Order(5)
    void agentGone_clearAnswers_thenItsTerminalsComeBackFromTheStore() {
        String terminal = createTerminal();
        try (TerminalSocket client = attach(terminal, "")) {
            client.attached();

            agent.kill();

            assertThat(client.awaitEvent(event -> event.getString("type").equals("error")).getString("error"))
                    .isEqualTo("agent_unavailable");
            assertThat(client.awaitClose()).isEqualTo(1013);
        }
        Api.Reply list = viaGateway().get(terminals(), token());
        assertThat(list.status()).isEqualTo(503);
        assertThat(list.json().getString("error")).isEqualTo("agent_unavailable");
        assertThat(list.header("Retry-After")).isNotNull();
        try (TerminalSocket refused = attach(terminal, "")) {
            assertThat(refused.awaitEvent("error").getString("error")).isEqualTo("agent_unavailable");
            assertThat(refused.awaitClose()).isEqualTo(1013);
        }

        agent.start();

        // The agent saved the session in its store and brings it back on the first attach.
        Api.Reply back = viaGateway().get(terminals(), token());
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.jsonArray()).extracting(value -> value.asJsonObject().getString("id")).contains(terminal);
        try (TerminalSocket again = attach(terminal, "")) {
            again.attached();
            assertThat(again.awaitEvent("restored").getString("type")).isEqualTo("restored");
            again.type("echo back-$((5*5))\r");
            again.awaitText("back-25");
        }
        assertThat(viaGateway().post(terminals(), token(), "{}").status()).isEqualTo(201);
    }

    @Test
    @Order(6)
    void gatewayStopped_clientsToldToReattach_reattachThroughTheNextGatewayLosesNothing() {
        String terminal = createTerminal();
        TerminalSocket client = attach(terminal, "");
        client.attached();
        long pid = pid(client, 1);
        client.type("for i in $(seq 1 " + LINES + "); do echo line-$i; sleep 0.02; done; echo gen-$((6*7))\r");
        client.awaitText("line-20\r");

        long stop = System.nanoTime();
        gateway.terminate();
        System.out.printf("gateway stopped (SIGTERM to exit) in %d ms%n", (System.nanoTime() - stop) / 1_000_000);

        assertThat(client.awaitClose()).isEqualTo(1001);
        List<JsonObject> events = client.events();
        assertThat(events.getLast().getString("type")).isEqualTo("reattach");
        assertThat(events.getLast().getString("reason")).isEqualTo("draining");
        long offset = client.offset();
        byte[] before = client.bytes();

        gateway.start();
        try (TerminalSocket next = attach(terminal, "?offset=" + offset)) {
            assertThat(next.attached().getJsonNumber("offset").longValue()).isEqualTo(offset);
            next.awaitText("gen-42");
            assertThat(pid(next, 1)).isEqualTo(pid);
            assertThat(lines(before, next.bytes())).isEqualTo(IntStream.rangeClosed(1, LINES).boxed().toList());
        }
        client.close();
    }

    /**
     * After everything above (user tokens on REST and WebSocket attaches, a ticket in a query
     * string redeemed across a gateway restart, and the gateway's own credentials to the agent,
     * which the test never sees: no JSON Web Token at all may be logged), neither server's logs
     * hold a secret.
     */
    @Test
    @Order(7)
    void logs_holdNoSecret() {
        String reused = viaGateway().post(terminals() + "/" + createTerminal() + "/tickets", token(), null).json().getString("ticket");
        String otherTerminal = createTerminal();
        assertThat(TerminalSocket.refused(gateway.baseUri(), TerminalSocket.attachPath(workspace, otherTerminal)
                + "?ticket=" + reused, Map.of()).status()).isEqualTo(401);
        assertThat(TerminalSocket.refused(gateway.baseUri(), TerminalSocket.attachPath(workspace, otherTerminal)
                + "?ticket=" + reused, Map.of()).status()).isEqualTo(401);
        secrets.add(reused);

        assertLogsHoldNoSecret();
    }

    private int clients(String terminal) {
        return viaGateway().get(terminals() + "/" + terminal, token()).json().getInt("clients");
    }

    private long terminalOffset(String terminal) {
        return viaGateway().get(terminals() + "/" + terminal, token()).json().getJsonNumber("offset").longValue();
    }

    /** The shell's process id, from the {@code n}th answer to {@code echo pid=$$}. */
    private static long pid(TerminalSocket client, int n) {
        client.type("echo pid=$$\r");
        await().until(() -> PID.matcher(client.text()).results().count() >= n);
        List<String> pids = PID.matcher(client.text()).results().map(result -> result.group(1)).toList();
        return Long.parseLong(pids.get(n - 1));
    }

    /** The numbers of the {@code line-N} lines in the two clients' output, joined, in order. */
    private static List<Integer> lines(byte[] first, byte[] second) {
        String text = new String(first, StandardCharsets.UTF_8) + new String(second, StandardCharsets.UTF_8);
        List<Integer> numbers = new ArrayList<>();
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            numbers.add(Integer.parseInt(line.group(1)));
        }
        return numbers;
    }

    private static double metric(URI server, String name) {
        return Metrics.value(server, name);
    }
}
