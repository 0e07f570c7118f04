package io.coditect.bench;

import io.coditect.auth.AgentProtocol;
import io.coditect.auth.ServiceCredentials;
import io.coditect.testing.Api;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.ReadyPods;
import io.coditect.testing.TestGatewayKeys;
import io.coditect.testing.TestIdentityProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Output through a gateway and its agent against the same agent attached directly, in one run:
 * the build's gateway/agent integration-test servers (started here as {@code GatewayAgentIT} starts
 * them, with a mock Kubernetes API that has the workspace's pod ready), one terminal, the same burst
 * {@code cat} through each path in turn. Not a test.
 *
 * <pre>java ... io.coditect.bench.GatewayBenchmark &lt;it.http.port&gt; &lt;wlp dir&gt; &lt;agent workspace dir&gt;</pre>
 */
public final class GatewayBenchmark {
    private static final String NAMESPACE = "coditect";

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path wlp = Path.of(args[1]);
        Path agentWorkspace = Path.of(args[2]);
        int runs = Integer.getInteger("bench.runs", 5);
        KubernetesMockServer kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init(InetAddress.getLoopbackAddress(), port + 10);
        LibertyServer gateway = new LibertyServer(wlp, "coditectGatewayIT" + port, port + 1);
        LibertyServer agent = new LibertyServer(wlp, "coditectAgentIT" + port, port + 2);
        String user = TestIdentityProvider.uniqueUser("bench");
        String token = TestIdentityProvider.token(user);
        try (KubernetesClient cluster = kubernetes.createClient(); WebSocketLoad load = new WebSocketLoad()) {
            gateway.start(Map.of("HTTP_PORT", String.valueOf(port + 1), "HTTPS_PORT", String.valueOf(port + 3),
                    "KUBERNETES_MASTER", "http://127.0.0.1:" + (port + 10),
                    "CODITECT_GATEWAY_AGENT_URL", "http://127.0.0.1:" + (port + 2)));
            Api.Target viaGateway = Api.at(gateway.baseUri());
            String workspace = viaGateway.post("/api/v1/workspaces", token, "{\"name\":\"bench\"}").json().getString("id");
            ReadyPods.create(cluster, NAMESPACE, workspace, "bench");
            Files.createDirectories(agentWorkspace);
            agent.start(Map.of("HTTP_PORT", String.valueOf(port + 2), "HTTPS_PORT", String.valueOf(port + 4),
                    "WORKSPACE_ID", workspace));
            waitRunning(viaGateway, workspace, token);
            String terminals = "/api/v1/workspaces/" + workspace + "/terminals";
            String terminal = viaGateway.post(terminals, token, "{\"shell\":\"/bin/bash\"}").json().getString("id");
            URI throughGateway = URI.create("ws://localhost:" + (port + 1) + terminals + "/" + terminal + "/attach");
            URI direct = URI.create("ws://localhost:" + (port + 2) + "/api/agent/v1/workspaces/" + workspace + "/terminals/"
                    + terminal + "/attach");

            LoadConnection first = load.open(throughGateway, token);
            BenchClient.awaitPrompt(first);
            Burst.make(first);
            first.close();
            List<Double> viaRates = new ArrayList<>();
            List<Double> directRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            Stats.Machine machine = Stats.Machine.now();
            // One warm-up pair, then the measured ones; one client at a time, so neither waits for the other.
            for (int run = -1; run < runs; run++) {
                double via = burst(load.open(throughGateway, token), 2 * run + 1000);
                // As the gateway's own link to the agent: a service credential and the agent protocol's version.
                double straight = burst(load.open(direct, ServiceCredentials.issue(TestGatewayKeys.privateKey(), workspace,
                        "alice", Instant.now(), Duration.ofMinutes(1)), Map.of(AgentProtocol.HEADER,
                        String.valueOf(AgentProtocol.VERSION))), 2 * run + 1001);
                System.out.printf(Locale.ROOT, "gateway run %d%s: through the gateway %.1f MB/s, straight to the agent %.1f MB/s%n",
                        run, run < 0 ? " (warm-up)" : "", via, straight);
                if (run >= 0) {
                    viaRates.add(via);
                    directRates.add(straight);
                    ratios.add(via / straight);
                }
            }
            System.out.printf(Locale.ROOT, "RESULT gateway output: through gateway + agent median %.1f MB/s %s, straight to the"
                            + " agent median %.1f MB/s %s, ratio median %.2f %s; %s%n", Stats.median(viaRates),
                    Stats.list(viaRates, "%.1f"), Stats.median(directRates), Stats.list(directRates, "%.1f"),
                    Stats.median(ratios), Stats.list(ratios, "%.2f"), Stats.Machine.now().since(machine));
            viaGateway.delete("/api/v1/workspaces/" + workspace, token);
        } finally {
            gateway.terminate();
            agent.terminate();
            kubernetes.destroy();
        }
        System.exit(0);
    }

    /** MB/s of one {@code cat} of the burst to {@code client}, which is closed after. */
    private static double burst(LoadConnection client, int marker) throws Exception {
        BenchClient.awaitPrompt(client);
        long before = client.received();
        long start = System.nanoTime();
        Burst.cat(client, marker);
        double rate = (client.received() - before) / ((System.nanoTime() - start) / 1e9) / 1e6;
        client.close();
        return rate;
    }

    private static void waitRunning(Api.Target viaGateway, String workspace, String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"running".equals(viaGateway.get("/api/v1/workspaces/" + workspace, token).json().getString("status"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workspace " + workspace + " not running after 60 s");
            }
            Thread.sleep(250);
        }
    }

}
