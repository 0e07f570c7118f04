package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A gateway and an agent, two real Liberty servers on loopback, each its own process (the build's
 * gateway/agent integration-test servers): the gateway provisions the workspace through a mock
 * Kubernetes API server on the integration-test port + 10 (the test plays the StatefulSet controller
 * and the kubelet by writing the workspace's pod, ready) and reaches the agent, on port + 2, through
 * its URL template; the gateway listens on port + 1. The agent's workspace directory is a directory
 * of the build (on Kubernetes the workspace's volume is mounted there). Every pair uses the same
 * ports and server directories, so one runs at a time: starting a pair closes the one still running
 * (a pair that several test classes share stays up until another is needed).
 */
public final class GatewayAgentPair implements AutoCloseable {
    public static final String NAMESPACE = "coditect";
    private static final AtomicReference<GatewayAgentPair> RUNNING = new AtomicReference<>();

    private final int port;
    private final Path agentWorkspace;
    private final LibertyServer gateway;
    private final LibertyServer agent;
    private KubernetesMockServer kubernetes;
    private KubernetesClient cluster;
    private String workspace;

    public GatewayAgentPair(int port, Path wlp, String gatewayServer, String agentServer, Path agentWorkspace) {
        this.port = port;
        this.agentWorkspace = agentWorkspace;
        this.gateway = new LibertyServer(wlp, gatewayServer, port + 1);
        this.agent = new LibertyServer(wlp, agentServer, port + 2);
    }

    /** The pair the build made for the integration tests (failsafe's {@code coditect.it.*} properties). */
    public static GatewayAgentPair ofBuild() {
        return new GatewayAgentPair(Api.baseUri().getPort(),
                Path.of(System.getProperty("coditect.it.wlp", "target/liberty/wlp")),
                System.getProperty("coditect.it.gateway-server"), System.getProperty("coditect.it.agent-server"),
                Path.of(System.getProperty("coditect.it.agent-workspace-dir", "target/it-agent-workspace")));
    }

    /**
     * Starts the mock API server and the gateway, creates the workspace {@code name} as the caller
     * of {@code token}, writes its pod ready, starts the agent for it and waits until the gateway
     * reaches it. Answers the workspace's id.
     */
    public String start(Supplier<String> token, String name) {
        return start(token, name, URI.create("http://127.0.0.1:" + (port + 2)));
    }

    /** As {@link #start(Supplier, String)}, with the gateway reaching its agents at {@code agentUrl}. */
    public String start(Supplier<String> token, String name, URI agentUrl) {
        GatewayAgentPair previous = RUNNING.getAndSet(this);
        if (previous != null && previous != this) {
            previous.close();
        }
        kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init(InetAddress.getLoopbackAddress(), port + 10);
        cluster = kubernetes.createClient();
        gateway.start(Map.of(
                "HTTP_PORT", String.valueOf(port + 1),
                "HTTPS_PORT", String.valueOf(port + 3),
                "KUBERNETES_MASTER", "http://127.0.0.1:" + (port + 10),
                "CODITECT_GATEWAY_AGENT_URL", agentUrl.toString()));
        Api.Reply created = viaGateway().post("/api/v1/workspaces", token.get(), "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        workspace = created.json().getString("id");
        podReady(workspace);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                viaGateway().get("/api/v1/workspaces/" + workspace, token.get()).json().getString("status").equals("running"));
        try {
            Files.createDirectories(agentWorkspace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent.start(Map.of(
                "HTTP_PORT", String.valueOf(port + 2),
                "HTTPS_PORT", String.valueOf(port + 4),
                "WORKSPACE_ID", workspace));
        // The gateway reaches the agent (on a loaded machine its first answers can outlast the gateway's timeout).
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(() -> viaGateway().get("/api/v1/workspaces/" + workspace + "/terminals", token.get()).status() == 200);
        return workspace;
    }

    /** The workspace's one pod, ready ({@link ReadyPods}). */
    public void podReady(String workspaceId) {
        ReadyPods.create(cluster, NAMESPACE, workspaceId, "alice");
    }

    /** The port the agent listens on. */
    public int agentPort() {
        return port + 2;
    }

    public LibertyServer gateway() {
        return gateway;
    }

    public LibertyServer agent() {
        return agent;
    }

    public Api.Target viaGateway() {
        return Api.at(gateway.baseUri());
    }

    public Path agentWorkspace() {
        return agentWorkspace;
    }

    public String workspace() {
        return workspace;
    }

    /** Whether this pair is the one running (started, and neither closed nor replaced by another). */
    public boolean running() {
        return RUNNING.get() == this;
    }

    /** Stops both servers and the mock API server; a second call finds nothing left to stop. */
    @Override
    public void close() {
        RUNNING.compareAndSet(this, null);
        try {
            gateway.terminate();
            agent.terminate();
        } finally {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
            if (kubernetes != null) {
                kubernetes.destroy();
                kubernetes = null;
            }
        }
    }
}
