package io.coditect.bench;

import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's REST and attach calls against one server: workspaces (one user each, so the
 * per-user quotas never stop a large count), terminals in them, tickets, attaches.
 */
final class BenchClient implements AutoCloseable {
    /** Below the product's default terminals per workspace (20), so any server config fits. */
    static final int PER_WORKSPACE = 10;
    private static final int PARALLEL = 4;

    private final URI base;
    private final WebSocketLoad load;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The user of each workspace; a fresh token per call, since a long run outlives one token. */
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);

    BenchClient(URI base, WebSocketLoad load) {
        this.base = base;
        this.load = load;
    }

    /** A terminal: {@code workspace/terminal}. */
    record Terminal(String workspace, String id) {
    }

    /** A new workspace of a new user, for up to {@link #PER_WORKSPACE} terminals. */
    String workspace() throws Exception {
        String user = TestIdentityProvider.uniqueUser("bench");
        String workspace = id(send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")), TestIdentityProvider.token(user)));
        users.put(workspace, user);
        return workspace;
    }

    /** Switches session recording on for the workspace's terminals started from now on (output only). */
    void record(String workspace) throws Exception {
        send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + workspace + "/recording"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":true,\"input\":false}")), token(workspace));
    }

    Terminal terminal(String workspace) throws Exception {
        return new Terminal(workspace, id(send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + workspace + "/terminals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shell\":\"/bin/bash\"}")), token(workspace))));
    }

    /** {@code count} terminals in fresh workspaces, created {@value #PARALLEL} at a time. */
    List<Terminal> terminals(int count) throws Exception {
        List<String> workspaces = new ArrayList<>();
        for (int i = 0; i < count; i += PER_WORKSPACE) {
            workspaces.add(workspace());
        }
        List<Callable<Terminal>> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String workspace = workspaces.get(i / PER_WORKSPACE);
            creates.add(() -> terminal(workspace));
        }
        return all(creates);
    }

    /** Attaches to each and waits for its prompt, {@value #PARALLEL} at a time. */
    List<LoadConnection> attachAll(List<Terminal> terminals) throws Exception {
        List<Callable<LoadConnection>> attaches = new ArrayList<>();
        for (Terminal terminal : terminals) {
            attaches.add(() -> {
                LoadConnection client = attach(terminal);
                awaitPrompt(client);
                return client;
            });
        }
        return all(attaches);
    }

    void deleteAll(List<Terminal> terminals) throws Exception {
        List<Callable<Void>> deletes = new ArrayList<>();
        for (Terminal terminal : terminals) {
            deletes.add(() -> {
                delete(terminal);
                return null;
            });
        }
        all(deletes);
    }

    private <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> future : pool.invokeAll(tasks)) {
            results.add(future.get());
        }
        return results;
    }

    String ticket(Terminal terminal) throws Exception {
        String json = send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + terminal.workspace() + "/terminals/"
                + terminal.id() + "/tickets")).POST(HttpRequest.BodyPublishers.noBody()), token(terminal.workspace()));
        try (var reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readObject().getString("ticket");
        }
    }

    void delete(Terminal terminal) throws Exception {
        send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + terminal.workspace() + "/terminals/" + terminal.id()))
                .DELETE(), token(terminal.workspace()));
    }

    LoadConnection attach(Terminal terminal) throws IOException {
        return load.open(attachUri(terminal, ""), token(terminal.workspace()));
    }

    LoadConnection attachWithTicket(Terminal terminal, String ticket) throws IOException {
        return load.open(attachUri(terminal, "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)), null);
    }

    private URI attachUri(Terminal terminal, String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/workspaces/" + terminal.workspace()
                + "/terminals/" + terminal.id() + "/attach" + query);
    }

    static void awaitPrompt(LoadConnection client) throws InterruptedException {
        client.await(tail -> tail.endsWith("# ") || tail.endsWith("$ "), TimeUnit.SECONDS.toNanos(60));
    }

    /** Runs {@code command} in the terminal and waits until {@code marker} and a line end come out. */
    static void runAndWait(LoadConnection client, String command, String marker) throws Exception {
        client.forget();
        client.send((command + "\r").getBytes(StandardCharsets.UTF_8));
        client.await(tail -> tail.contains(marker + "\r\n"), TimeUnit.MINUTES.toNanos(3));
    }

    private String token(String workspace) {
        return TestIdentityProvider.token(users.get(workspace));
    }

    private String send(HttpRequest.Builder request, String token) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readObject().getString("id");
        }
    }

    /** Deletes every workspace made (their terminals go with them). */
    @Override
    public void close() throws Exception {
        List<Callable<Void>> deletes = new ArrayList<>();
        for (String workspace : users.keySet()) {
            deletes.add(() -> {
                send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + workspace)).DELETE(), token(workspace));
                return null;
            });
        }
        all(deletes);
        users.clear();
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
