package io.coditect.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.auth.ServiceCredentials;
import io.coditect.testing.Api;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestGatewayKeys;
import io.coditect.testing.TestIdentityProvider;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A gateway and an agent, two real Liberty servers on loopback, each its own process: the gateway
 * provisions the workspace through a mock Kubernetes API server (the test plays the StatefulSet
 * controller and the kubelet by writing the workspace's pod, ready) and reaches the agent through
 * its URL template. Clients attach through the gateway; the gateway is killed, restarted and
 * stopped under them; the agent is killed and comes back.
 *
 * <p>The servers are started once for the class, and the tests that stop one start it again, so the
 * order only saves restarts: those that stop a server come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAgentIT {
    private static final String NAMESPACE = "coditect";
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern LINE = Pattern.compile("line-(\\d+)");
    private static final int LINES = 1500;
    /**
     * The most the gateway may hold for one stalled client: its relay window with the defaults (8
     * parts of at most the JDK client's 16 KiB read buffer, under 256 KiB), and one event.
     */
    private static final long RELAY_WINDOW = Math.min(8L * 16 * 1024, 256 * 1024) + 4096;
    private static final long FLOOD_BYTES = 200_000_000L;

    private final int port = Api.baseUri().getPort();
    private final Path wlp = Path.of(System.getProperty("coditect.it.wlp", "target/liberty/wlp"));
    private final Path agentWorkspace = Path.of(System.getProperty("coditect.it.agent-workspace-dir",
            "target/it-agent-workspace"));
    private final LibertyServer gateway = new LibertyServer(wlp, System.getProperty("coditect.it.gateway-server"), port + 1);
    private final LibertyServer agent = new LibertyServer(wlp, System.getProperty("coditect.it.agent-server"), port + 2);
    private final String user = TestIdentityProvider.uniqueUser("alice");
    private final String token = TestIdentityProvider.token(user);
    private KubernetesMockServer kubernetes;
    private KubernetesClient cluster;
    private String workspace;

    @BeforeAll
    void startServers() throws Exception {
        kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init(InetAddress.getLoopbackAddress(), port + 10);
        cluster = kubernetes.createClient();
        gateway.start(Map.of(
                "HTTP_PORT", String.valueOf(port + 1),
                "HTTPS_PORT", String.valueOf(port + 3),
                "KUBERNETES_MASTER", "http://127.0.0.1:" + (port + 10),
                "CODITECT_GATEWAY_AGENT_URL", "http://127.0.0.1:" + (port + 2)));
        Api.Reply created = viaGateway().post("/api/v1/workspaces", token, "{\"name\":\"gateway\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        workspace = created.json().getString("id");
        podReady(workspace);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                viaGateway().get("/api/v1/workspaces/" + workspace, token).json().getString("status").equals("running"));
        // On Kubernetes the workspace's volume is mounted there.
        Files.createDirectories(agentWorkspace);
        agent.start(Map.of(
                "HTTP_PORT", String.valueOf(port + 2),
                "HTTPS_PORT", String.valueOf(port + 4),
                "WORKSPACE_ID", workspace));
    }

    @AfterAll
    void stopServers() {
        try {
            gateway.terminate();
            agent.terminate();
        } finally {
            cluster.close();
            kubernetes.destroy();
        }
    }

    /** What the StatefulSet controller and the kubelet would write: the workspace's one pod, ready. */
    private void podReady(String workspaceId) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(workspaceId + "-0").withNamespace(NAMESPACE)
                .withLabels(Map.of("app", "workspace", "workspace-id", workspaceId, "user-id", "alice")).endMetadata()
                .withNewSpec().addNewContainer().withName("workspace").withImage("coditect-gateway:test").endContainer()
                .endSpec()
                .withStatus(new PodStatusBuilder().withPhase("Running")
                        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(true)
                                .withNewState().withNewRunning().endRunning().endState().build())
                        .build())
                .build();
        cluster.pods().inNamespace(NAMESPACE).resource(pod).createOr(NonDeletingOperation::update);
        cluster.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    @Test
    @Order(1)
    void attach_throughTheGateway_theShellRunsInTheAgentsWorkspace_offsetsEndToEnd() throws Exception {
        String terminal = createTerminal();
        assertThat(viaGateway().get(terminals(), token).jsonArray()).extracting(value -> value.asJsonObject().getString("id"))
                .contains(terminal);

        try (TerminalSocket client = attach(terminal, "")) {
            assertThat(client.attached().getJsonNumber("offset").longValue()).isZero();
            client.type("echo dir=$(pwd) pid=$$\r");
            Pattern answer = Pattern.compile("dir=(\\S+) pid=(\\d+)");
            await().until(() -> answer.matcher(client.text()).find());
            Matcher shell = answer.matcher(client.text());
            assertThat(shell.find()).isTrue();

            assertThat(Path.of(shell.group(1))).isEqualTo(agentWorkspace.toRealPath());
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
    @Order(2)
    void agent_refusesEverythingButAGatewaysCredentialForItsWorkspace() {
        String path = "/api/agent/v1/workspaces/" + workspace + "/terminals";
        Api.Target direct = Api.at(agent.baseUri());

        assertThat(direct.get(path).status()).isEqualTo(401);
        assertThat(direct.get(path).json().getString("error")).isEqualTo("service_credential_required");
        assertThat(direct.get(path, token).json().getString("error")).isEqualTo("invalid_service_credential");
        assertThat(direct.get(path, credential(TestGatewayKeys.otherPrivateKey(), workspace)).status()).isEqualTo(401);
        assertThat(direct.get(path, credential(TestGatewayKeys.privateKey(), "ws-000000000000")).status()).isEqualTo(401);
        assertThat(direct.get("/api/agent/v1/workspaces/ws-000000000000/terminals",
                credential(TestGatewayKeys.privateKey(), "ws-000000000000")).json().getString("error"))
                .isEqualTo("workspace_not_found");
        assertThat(direct.get(path, credential(TestGatewayKeys.privateKey(), workspace)).status()).isEqualTo(200);

        assertThat(direct.get("/api/v1/workspaces", token).json().getString("error")).isEqualTo("not_found");
        assertThat(TerminalSocket.refused(agent.baseUri(), path + "/t-000000000000/attach", Map.of()).status()).isEqualTo(401);
        assertThat(TerminalSocket.refused(agent.baseUri(), path + "/t-000000000000/attach",
                Map.of("Authorization", "Bearer " + token)).json().getString("error")).isEqualTo("invalid_service_credential");
        assertThat(viaGateway().get(path, token).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void slowClient_gatewayHoldsOneWindow_agentStopsReadingThePty_thenTheGatewayCutsItOff() {
        String terminal = createTerminal();
        double pausesBefore = metric(agent.baseUri(), "coditect_terminals_flow_control_pauses_total");
        double heapBefore = metric(gateway.baseUri(), "memory_usedHeap_bytes");
        double cutOffBefore = metric(gateway.baseUri(), "coditect_gateway_slow_clients_total");

        try (TerminalSocket stalled = attach(terminal, "")) {
            stalled.attached();
            stalled.pause();
            stalled.type("head -c " + FLOOD_BYTES + " /dev/zero | tr '\\0' x; echo; echo flood-$((7*7))\r");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric(agent.baseUri(), "coditect_terminals_flow_control_pauses_total") > pausesBefore);

            double held = metric(gateway.baseUri(), "coditect_gateway_relay_buffered_bytes");
            long read = terminalOffset(terminal);
            System.out.printf("slow client: gateway holds %.0f bytes for it, used heap %.1f MiB before, %.1f MiB now;"
                    + " the agent read %d of %d bytes%n", held, heapBefore / 1048576,
                    metric(gateway.baseUri(), "memory_usedHeap_bytes") / 1048576, read, FLOOD_BYTES);
            assertThat(held).isLessThanOrEqualTo(RELAY_WINDOW);
            assertThat(read).isLessThan(FLOOD_BYTES / 4);

            // A client that reads nothing never sees the close; the agent sees the gateway's link go.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> metric(gateway.baseUri(), "coditect_gateway_slow_clients_total") > cutOffBefore);
            await().until(() -> clients(terminal) == 0);
        }
        await().until(() -> metric(gateway.baseUri(), "coditect_gateway_relay_buffered_bytes") == 0);
        assertThat(viaGateway().delete(terminals() + "/" + terminal, token).status()).isEqualTo(204);
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
        String ticket = viaGateway().post(terminals() + "/" + terminal + "/tickets", token, null).json().getString("ticket");

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
        Api.Reply list = viaGateway().get(terminals(), token);
        assertThat(list.status()).isEqualTo(503);
        assertThat(list.json().getString("error")).isEqualTo("agent_unavailable");
        assertThat(list.header("Retry-After")).isNotNull();
        try (TerminalSocket refused = attach(terminal, "")) {
            assertThat(refused.awaitEvent("error").getString("error")).isEqualTo("agent_unavailable");
            assertThat(refused.awaitClose()).isEqualTo(1013);
        }

        agent.start();

        // The agent saved the session in its store and brings it back on the first attach.
        Api.Reply back = viaGateway().get(terminals(), token);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.jsonArray()).extracting(value -> value.asJsonObject().getString("id")).contains(terminal);
        try (TerminalSocket again = attach(terminal, "")) {
            again.attached();
            assertThat(again.awaitEvent("restored").getString("type")).isEqualTo("restored");
            again.type("echo back-$((5*5))\r");
            again.awaitText("back-25");
        }
        assertThat(viaGateway().post(terminals(), token, "{}").status()).isEqualTo(201);
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

    private Api.Target viaGateway() {
        return Api.at(gateway.baseUri());
    }

    private String terminals() {
        return "/api/v1/workspaces/" + workspace + "/terminals";
    }

    private String createTerminal() {
        Api.Reply reply = viaGateway().post(terminals(), token, "{\"cols\":80,\"rows\":24,\"shell\":\"/bin/bash\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private TerminalSocket attach(String terminal, String query) {
        return TerminalSocket.open(gateway.baseUri(), TerminalSocket.attachPath(workspace, terminal) + query,
                Map.of("Authorization", "Bearer " + token));
    }

    private int clients(String terminal) {
        return viaGateway().get(terminals() + "/" + terminal, token).json().getInt("clients");
    }

    private long terminalOffset(String terminal) {
        return viaGateway().get(terminals() + "/" + terminal, token).json().getJsonNumber("offset").longValue();
    }

    private static String[] credential(PrivateKey key, String workspaceId) {
        return new String[] {"Authorization", "Bearer " + ServiceCredentials.issue(key, workspaceId, "alice",
                Instant.now(), Duration.ofMinutes(1))};
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

    static double metric(URI server, String name) {
        String body = Api.at(server).get("/metrics", (String) null).body();
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(body);
        return value.find() ? Double.parseDouble(value.group(2)) : 0;
    }
}
