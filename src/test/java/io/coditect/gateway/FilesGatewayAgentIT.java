package io.coditect.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.FilesApi;
import io.coditect.testing.LibertyServer;
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
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The file API through a gateway and an agent, two real Liberty servers on loopback (as
 * {@link GatewayAgentIT} runs them): the gateway checks the user and relays every call, streamed,
 * to the agent, whose workspace directory is a directory of the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesGatewayAgentIT {
    private static final String NAMESPACE = "coditect";

    private final int port = Api.baseUri().getPort();
    private final Path wlp = Path.of(System.getProperty("coditect.it.wlp", "target/liberty/wlp"));
    private final Path agentWorkspace = Path.of(System.getProperty("coditect.it.agent-workspace-dir",
            "target/it-agent-workspace"));
    private final LibertyServer gateway = new LibertyServer(wlp, System.getProperty("coditect.it.gateway-server"), port + 1);
    private final LibertyServer agent = new LibertyServer(wlp, System.getProperty("coditect.it.agent-server"), port + 2);
    private final String token = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
    private final String stranger = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("mallory"));
    private KubernetesMockServer kubernetes;
    private KubernetesClient cluster;
    private FilesApi files;
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
        files = FilesApi.at(gateway.baseUri());
        Api.Reply created = Api.at(gateway.baseUri()).post("/api/v1/workspaces", token, "{\"name\":\"files\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        workspace = created.json().getString("id");
        podReady(workspace);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Api.at(gateway.baseUri()).get("/api/v1/workspaces/" + workspace, token).json().getString("status").equals("running"));
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
    void roundTripsRangesPreconditionsAndDirectories_throughTheGateway() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Api.Reply put = files.put(workspace, "gw/all.bin", token, all);
        assertThat(put.status()).as("no parent yet: " + put).isEqualTo(404);
        assertThat(put.json().getString("error")).isEqualTo("file_not_found");
        assertThat(files.mkdir(workspace, "gw", token).status()).isEqualTo(201);
        put = files.put(workspace, "gw/all.bin", token, all);
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(agentWorkspace.resolve("gw/all.bin"))).isEqualTo(all);
        assertThat(files.getBytes(workspace, "gw/all.bin", token).body()).isEqualTo(all);
        assertThat(files.put(workspace, "gw/empty", token, new byte[0]).status()).isEqualTo(201);
        assertThat(files.getBytes(workspace, "gw/empty", token).body()).isEmpty();

        HttpResponse<byte[]> range = files.getBytes(workspace, "gw/all.bin", token, "Range", "bytes=10-12");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).containsExactly(10, 11, 12);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 10-12/256");
        assertThat(files.get(workspace, "gw/all.bin", token, "If-None-Match", put.header("ETag")).status()).isEqualTo(304);

        String etag = put.header("ETag");
        assertThat(files.put(workspace, "gw/all.bin", token, new byte[] {1}, "If-Match", etag).status()).isEqualTo(200);
        Api.Reply stale = files.put(workspace, "gw/all.bin", token, new byte[] {2}, "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().getString("error")).isEqualTo("precondition_failed");

        Api.Reply listing = files.get(workspace, "gw", token);
        assertThat(listing.json().getJsonArray("entries").getValuesAs(JsonObject.class))
                .extracting(entry -> entry.getString("name")).containsExactly("all.bin", "empty");
        assertThat(files.json("POST", "/api/v1/workspaces/" + workspace + "/file-moves", token,
                "{\"from\":\"gw/empty\",\"to\":\"gw/renamed\"}").status()).isEqualTo(200);
        assertThat(files.json("POST", "/api/v1/workspaces/" + workspace + "/file-copies", token,
                "{\"from\":\"gw\",\"to\":\"gw-copy\"}").status()).isEqualTo(201);
        Api.Reply uploaded = files.upload(workspace, "gw", token, List.of(
                new Object[] {"a.txt", "A".getBytes(StandardCharsets.UTF_8)}, new Object[] {"b.bin", new byte[] {0, (byte) 255}}));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(agentWorkspace.resolve("gw/b.bin"))).containsExactly(0, 255);

        HttpResponse<byte[]> zip = files.getBytes(workspace, "gw?download", token);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly("gw/", "gw/a.txt", "gw/all.bin", "gw/b.bin", "gw/renamed");
        assertThat(files.delete(workspace, "gw-copy?recursive=true", token).status()).isEqualTo(204);
        assertThat(Files.exists(agentWorkspace.resolve("gw-copy"))).isFalse();
    }

    @Test
    void hostilePathsAndStrangers_refusedThroughTheGateway() throws Exception {
        Files.createSymbolicLink(agentWorkspace.resolve("etc-link"), Path.of("/etc"));
        for (String raw : List.of("%2e%2e/%2e%2e/etc/passwd", "etc-link/passwd", "a%00b")) {
            Api.Reply reply = Api.send(files.request(FilesApi.path(workspace, raw), token).GET());
            assertThat(reply.status()).as(raw + ": " + reply).isEqualTo(400);
            assertThat(reply.body()).doesNotContain("root:");
        }
        Api.Reply foreign = files.get(workspace, "", stranger);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().getString("error")).isEqualTo("workspace_not_found");
    }

    /** 100 MiB up and down through the gateway: neither server's heap grows by the file's size. */
    @Test
    void largeFile_streamedThroughTheGateway_heapsBounded() throws Exception {
        long size = 100L * 1024 * 1024;
        String expected = FilesApi.sha256(FilesApi.generated(size, 11));
        FilesApi gatewayMetrics = FilesApi.at(gateway.baseUri());
        FilesApi agentMetrics = FilesApi.at(agent.baseUri());
        long gatewayBefore = gatewayMetrics.usedHeap();
        long agentBefore = agentMetrics.usedHeap();
        AtomicLong gatewayPeak = new AtomicLong(gatewayBefore);
        AtomicLong agentPeak = new AtomicLong(agentBefore);
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                gatewayPeak.accumulateAndGet(gatewayMetrics.usedHeap(), Math::max);
                agentPeak.accumulateAndGet(agentMetrics.usedHeap(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            HttpResponse<String> put = files.send(files.request(FilesApi.path(workspace, "big.bin"), token)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> FilesApi.generated(size, 11)), size)),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            HttpResponse<InputStream> get = files.send(files.request(FilesApi.path(workspace, "big.bin"), token).GET(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(size);
            assertThat(FilesApi.sha256(get.body())).isEqualTo(expected);
        } finally {
            running.set(false);
            sampler.join();
            Files.deleteIfExists(agentWorkspace.resolve("big.bin"));
        }
        System.out.printf("100 MiB through the gateway: gateway heap %d -> peak %d MiB, agent heap %d -> peak %d MiB%n",
                gatewayBefore >> 20, gatewayPeak.get() >> 20, agentBefore >> 20, agentPeak.get() >> 20);
        assertThat(gatewayPeak.get() - gatewayBefore).as("gateway heap growth").isLessThan(size);
        assertThat(agentPeak.get() - agentBefore).as("agent heap growth").isLessThan(size);
    }
}
