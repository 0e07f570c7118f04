package io.coditect.load;

import io.coditect.testing.Api;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.ReadyPods;
import io.coditect.testing.TestIdentityProvider;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Two gateway replicas behind HAProxy, one agent per user's workspace, on loopback, made from the
 * build's gateway/agent integration-test servers (their directories are copied under new names).
 * Kubernetes is a mock API server in which the tool plays the StatefulSet controller and kubelet.
 *
 * <p><b>The store.</b> Gateways share FoundationDB in production; it cannot run here, and the
 * embedded store is one file that one process holds locked. So the workspaces are created through
 * the first replica alone, and its store file is then copied to the second before that one starts:
 * both replicas hold the same records (the workspaces, their owners). Attaches are authenticated
 * by bearer token (a ticket, being stored, would only be redeemed by the replica that issued it);
 * a terminal made through one replica is registered in its store only, and the other admits its
 * attach once a listing through it has reconciled its registry with the agent ({@link TerminalLink}
 * does that). docs/benchmarks.md says what this leaves untested.
 *
 * <p><b>Agents.</b> One per workspace, as on Kubernetes; each listens on a loopback address of its
 * own (127.0.0.11, .12, ...) at one port, and the gateways' agent URL template
 * {@code http://{workspace}:PORT} resolves workspace ids to them through a hosts file
 * ({@code -Djdk.net.hosts.file}).
 */
final class GatewayDeployment implements AutoCloseable {
    private static final String NAMESPACE = "coditect";

    private final Path wlp;
    private final Path root;
    private final int basePort;
    private final String gatewayTemplate;
    private final String agentTemplate;
    private final ServerOptions options;
    private final List<LibertyServer> gateways = new ArrayList<>();
    private final List<LibertyServer> agents = new ArrayList<>();
    private final Map<String, String> workspaces = new HashMap<>();
    private final List<String> users = new ArrayList<>();
    private KubernetesMockServer kubernetes;
    private KubernetesClient cluster;
    private HaProxy haproxy;

    /**
     * {@code basePort}: HAProxy; +1 and +2 the gateways, +5 the mock Kubernetes API, +6 every agent
     * (each on its own address). {@code gatewayTemplate}/{@code agentTemplate}: the build's server
     * directories to copy. {@code options}: what the servers are started with.
     */
    GatewayDeployment(Path wlp, String gatewayTemplate, String agentTemplate, int basePort, Path root, ServerOptions options) {
        this.wlp = wlp;
        this.gatewayTemplate = gatewayTemplate;
        this.agentTemplate = agentTemplate;
        this.basePort = basePort;
        this.root = root.toAbsolutePath();
        this.options = options;
    }

    /**
     * What the servers are started with: {@code environment} for every server (limits, and
     * {@code JVM_ARGS} for all), {@code firstAgentEnvironment} more for the first agent only (a
     * setting compared within a run), and JVM options added per role (a pod's heap).
     */
    record ServerOptions(Map<String, String> environment, Map<String, String> firstAgentEnvironment, String gatewayJvmArgs,
                         String agentJvmArgs) {
        String jvmArgs(String... more) {
            StringBuilder all = new StringBuilder(environment.getOrDefault("JVM_ARGS", ""));
            for (String args : more) {
                all.append(' ').append(args);
            }
            return all.toString().trim();
        }
    }

    URI entry() {
        return URI.create("http://127.0.0.1:" + basePort);
    }

    List<LibertyServer> gateways() {
        return gateways;
    }

    List<LibertyServer> agents() {
        return agents;
    }

    List<String> owners() {
        return users;
    }

    String workspaceOf(String user) {
        return workspaces.get(user);
    }

    /** Starts everything for {@code userCount} owners (one workspace and agent each); returns when HAProxy answers. */
    void start(int userCount, String userPrefix) throws Exception {
        deleteRecursively(root);
        Files.createDirectories(root);
        kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        kubernetes.init(InetAddress.getLoopbackAddress(), basePort + 5);
        cluster = kubernetes.createClient();
        Path hosts = root.resolve("hosts");
        String loopbackNames = "127.0.0.1 localhost " + InetAddress.getLocalHost().getHostName() + "\n";
        Files.writeString(hosts, loopbackNames);
        for (int i = 0; i < 2; i++) {
            gateways.add(server(gatewayTemplate, "gateway-" + (char) ('a' + i), URI.create("http://127.0.0.1:" + (basePort + 1 + i))));
        }
        Map<String, String> gatewayEnvironment = new HashMap<>(options.environment());
        gatewayEnvironment.put("CODITECT_GATEWAY_AGENT_URL", "http://{workspace}:" + (basePort + 6));
        gatewayEnvironment.put("KUBERNETES_MASTER", "http://127.0.0.1:" + (basePort + 5));
        gatewayEnvironment.put("HTTPS_PORT", "-1");
        gatewayEnvironment.put("JVM_ARGS", options.jvmArgs("-Djdk.net.hosts.file=" + hosts, options.gatewayJvmArgs()));
        LibertyServer first = gateways.get(0);
        first.start(gateway(gatewayEnvironment, basePort + 1, dataDir(first)));
        StringBuilder hostsFile = new StringBuilder(loopbackNames);
        for (int i = 0; i < userCount; i++) {
            String user = TestIdentityProvider.uniqueUser(userPrefix + (i + 1));
            String workspace = createWorkspace(first.baseUri(), user);
            ReadyPods.create(cluster, NAMESPACE, workspace, "load");
            users.add(user);
            workspaces.put(user, workspace);
            hostsFile.append(agentAddress(i)).append(' ').append(workspace).append('\n');
        }
        Files.writeString(hosts, hostsFile);
        for (String user : users) {
            waitRunning(first.baseUri(), user);
        }
        // The second replica starts from a copy of the first's store: the same workspaces and owners.
        // The first writes nothing meanwhile (no user is active yet) and syncs every commit, so the copy
        // is the file as of its last commit.
        copyRecursively(Path.of(dataDir(first)), Path.of(dataDir(gateways.get(1))));
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> started = new ArrayList<>();
            LibertyServer second = gateways.get(1);
            started.add(starting.submit(() -> second.start(gateway(gatewayEnvironment, basePort + 2, dataDir(second)))));
            for (int i = 0; i < userCount; i++) {
                String address = agentAddress(i);
                LibertyServer agent = server(agentTemplate, "agent-" + (i + 1), URI.create("http://" + address + ":" + (basePort + 6)));
                agents.add(agent);
                Map<String, String> environment = new HashMap<>(options.environment());
                environment.put("JVM_ARGS", options.jvmArgs(options.agentJvmArgs()));
                if (i == 0) {
                    environment.putAll(options.firstAgentEnvironment());
                }
                environment.put("HTTP_PORT", String.valueOf(basePort + 6));
                environment.put("HTTPS_PORT", "-1");
                environment.put("CODITECT_HTTP_HOST_ALIASES", "*:" + (basePort + 6));
                environment.put("CODITECT_HTTP_HOST", address);
                environment.put("WORKSPACE_ID", workspaces.get(users.get(i)));
                environment.put("CODITECT_DATA_DIR", dataDir(agent));
                environment.put("CODITECT_AGENT_WORKSPACE_DIR", root.resolve("workspace-" + (i + 1)).toString());
                Files.createDirectories(root.resolve("workspace-" + (i + 1)));
                started.add(starting.submit(() -> agent.start(environment)));
            }
            for (Future<?> future : started) {
                future.get();
            }
        } finally {
            starting.shutdown();
        }
        haproxy = HaProxy.start(root.resolve("haproxy"), basePort, List.of(basePort + 1, basePort + 2));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ready(entry())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("HAProxy at " + entry() + " does not reach a ready gateway");
            }
            Thread.sleep(250);
        }
    }

    /**
     * A workspace for {@code user}. A replica that has just started can take longer than a request's
     * timeout to answer its first create; the create is then looked for before it is tried again, so
     * that the user gets one workspace.
     */
    private static String createWorkspace(URI gateway, String user) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Api.Reply listed = Api.at(gateway).get("/api/v1/workspaces", TestIdentityProvider.token(user));
                if (listed.status() == 200 && !listed.jsonArray().isEmpty()) {
                    return listed.jsonArray().getJsonObject(0).getString("id");
                }
                Api.Reply created = Api.at(gateway).post("/api/v1/workspaces", TestIdentityProvider.token(user), "{\"name\":\"load\"}");
                if (created.status() == 201) {
                    return created.json().getString("id");
                }
                if (attempt >= 10) {
                    throw new IllegalStateException("workspace for " + user + ": " + created);
                }
            } catch (UncheckedIOException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
            Thread.sleep(5000);
        }
    }

    private static String agentAddress(int index) {
        return "127.0.0." + (11 + index);
    }

    /**
     * A gateway's environment: its port, its data, and the Host ports it answers, its own and
     * HAProxy's, which the clients keep in the Host header.
     */
    private Map<String, String> gateway(Map<String, String> environment, int port, String data) {
        Map<String, String> all = new HashMap<>(environment);
        all.put("HTTP_PORT", String.valueOf(port));
        all.put("CODITECT_HTTP_HOST_ALIASES", "*:" + port + ",*:" + basePort);
        all.put("CODITECT_DATA_DIR", data);
        return all;
    }

    private String dataDir(LibertyServer server) {
        return root.resolve("data-" + server.name()).toString();
    }

    /** A copy of the build's server directory (configuration only) under a name of this run. */
    private LibertyServer server(String template, String role, URI base) throws IOException {
        String name = "coditectLoad" + basePort + "-" + role;
        Path servers = wlp.resolve("usr/servers");
        Path target = servers.resolve(name);
        deleteRecursively(target);
        Files.createDirectories(target);
        for (String file : List.of("server.xml", "coditect.xml", "bootstrap.properties")) {
            Files.copy(servers.resolve(template).resolve(file), target.resolve(file));
        }
        // The template's server.env without what each copy sets in its own environment.
        List<String> env = Files.readAllLines(servers.resolve(template).resolve("server.env")).stream()
                .filter(line -> !line.startsWith("CODITECT_DATA_DIR=") && !line.startsWith("CODITECT_AGENT_WORKSPACE_DIR="))
                .toList();
        Files.write(target.resolve("server.env"), env);
        return new LibertyServer(wlp, name, base);
    }

    private void waitRunning(URI gateway, String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String path = "/api/v1/workspaces/" + workspaces.get(user);
        while (!"running".equals(Api.at(gateway).get(path, TestIdentityProvider.token(user)).json().getString("status"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " not running after 120 s");
            }
            Thread.sleep(250);
        }
    }


    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.close();
        }
        ExecutorService stopping = Executors.newFixedThreadPool(4);
        List<Future<?>> stopped = new ArrayList<>();
        for (LibertyServer server : Stream.concat(gateways.stream(), agents.stream()).toList()) {
            stopped.add(stopping.submit(server::terminate));
        }
        for (Future<?> future : stopped) {
            try {
                future.get();
            } catch (Exception e) {
                System.err.println("stopping a server: " + e);
            }
        }
        stopping.shutdown();
        if (cluster != null) {
            cluster.close();
        }
        if (kubernetes != null) {
            kubernetes.destroy();
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    /** Whether HAProxy answers ready; not yet listening (a loaded machine) counts as not ready. */
    private static boolean ready(URI entry) {
        try {
            return Api.at(entry).get("/api/v1/ready", (String) null).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
