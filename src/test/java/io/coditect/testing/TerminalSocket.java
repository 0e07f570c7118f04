package io.coditect.testing;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client of a terminal (the JDK's): keeps every output byte and every event,
 * and can stop reading (no more demand, so TCP backs up to the server) like a stalled browser.
 */
public final class TerminalSocket implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * How long an upgrade may take to be answered: past any server's handshake with its agent (a
     * gateway's connect timeout) on a loaded machine. The JDK's handshake has no limit of its own
     * past connecting, so without this a server that never answers would hang the build.
     */
    private static final Duration UPGRADE_WAIT = Duration.ofSeconds(60);

    /** The refusal of an upgrade: its status, JSON body and headers. */
    public record Refusal(int status, String body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    private final Output output = new Output();
    private final List<JsonObject> events = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile WebSocket socket;
    private boolean paused;
    private boolean owed;

    private TerminalSocket() {
    }

    public static String attachPath(String workspaceId, String terminalId) {
        return "/api/v1/workspaces/" + workspaceId + "/terminals/" + terminalId + "/attach";
    }

    /** Attaches with a bearer token; {@code query} is appended as is (e.g. {@code "?offset=5"}). */
    public static TerminalSocket attach(String workspaceId, String terminalId, String token, String query) {
        return open(attachPath(workspaceId, terminalId) + query, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    public static TerminalSocket open(String pathAndQuery, Map<String, String> headers) {
        return open(Api.baseUri(), pathAndQuery, headers);
    }

    /** Attaches to the server at {@code base} (another than the integration-test server). */
    public static TerminalSocket open(URI base, String pathAndQuery, Map<String, String> headers) {
        TerminalSocket client = new TerminalSocket();
        client.socket = connect(base, pathAndQuery, headers, client.listener());
        return client;
    }

    /** Tries an attach that the server should refuse before the upgrade. */
    public static Refusal refused(String pathAndQuery, Map<String, String> headers) {
        return refused(Api.baseUri(), pathAndQuery, headers);
    }

    public static Refusal refused(URI base, String pathAndQuery, Map<String, String> headers) {
        TerminalSocket client = new TerminalSocket();
        try {
            WebSocket unexpected = connect(base, pathAndQuery, headers, client.listener());
            unexpected.abort();
            throw new AssertionError("the attach was accepted: " + pathAndQuery.replaceAll("ticket=[^&]*", "ticket=..."));
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                Object body = handshake.getResponse().body();
                return new Refusal(handshake.getResponse().statusCode(), body == null ? "" : body.toString(),
                        handshake.getResponse().headers());
            }
            throw e;
        }
    }

    /**
     * The upgrade's outcome: the open WebSocket, or a {@link CompletionException} with the JDK's
     * reason (a refusal: {@link WebSocketHandshakeException}); an upgrade not answered within
     * {@link #UPGRADE_WAIT} fails with an {@link AssertionError} saying so, its connection cut.
     */
    private static WebSocket connect(URI base, String pathAndQuery, Map<String, String> headers, WebSocket.Listener listener) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + pathAndQuery);
        HttpClient http = HttpClient.newHttpClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        try {
            return builder.buildAsync(uri, listener).get(UPGRADE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            http.shutdownNow();
            throw new AssertionError("the server did not answer the WebSocket upgrade within " + UPGRADE_WAIT + ": "
                    + pathAndQuery.replaceAll("ticket=[^&]*", "ticket=..."), e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.shutdownNow();
            throw new AssertionError("interrupted while waiting for the WebSocket upgrade", e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                synchronized (TerminalSocket.this) {
                    output.write(bytes, 0, bytes.length);
                }
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try (var reader = Json.createReader(new StringReader(text.toString()))) {
                        JsonObject event = reader.readObject();
                        synchronized (TerminalSocket.this) {
                            events.add(event);
                        }
                    }
                    text.setLength(0);
                }
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                pings.incrementAndGet();
                // The JDK answers with a pong by itself.
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    private void more(WebSocket webSocket) {
        synchronized (this) {
            if (paused) {
                owed = true;
                return;
            }
        }
        webSocket.request(1);
    }

    /** Stops reading: no more frames are taken from the connection until {@link #resume()}. */
    public synchronized void pause() {
        paused = true;
    }

    public void resume() {
        boolean request;
        synchronized (this) {
            paused = false;
            request = owed;
            owed = false;
        }
        if (request) {
            socket.request(1);
        }
    }

    public void type(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void control(String json) {
        socket.sendText(json, true).join();
    }

    public void resize(int cols, int rows) {
        control("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}");
    }

    public synchronized byte[] bytes() {
        return output.toByteArray();
    }

    public synchronized String text() {
        return output.toString(StandardCharsets.UTF_8);
    }

    public synchronized List<JsonObject> events() {
        return List.copyOf(events);
    }

    /** The offset just after the last byte received: the attach offset plus what came since. */
    public long offset() {
        // Not while holding this client's lock: the events the wait looks for are added under it.
        long attachedAt = attached().getJsonNumber("offset").longValue();
        synchronized (this) {
            return attachedAt + output.size();
        }
    }

    public JsonObject attached() {
        return awaitEvent("attached");
    }

    public JsonObject awaitEvent(String type) {
        return awaitEvent(event -> event.getString("type").equals(type));
    }

    public JsonObject awaitEvent(Predicate<JsonObject> matching) {
        await().atMost(WAIT).until(() -> events().stream().anyMatch(matching));
        return events().stream().filter(matching).findFirst().orElseThrow();
    }

    /**
     * Waits until the output contains {@code expected}. Each poll searches only what arrived since
     * the last one, in the bytes as received: decoding a flood of hundreds of MB on every poll
     * would hold up the client's own reading.
     */
    public String awaitText(String expected) {
        byte[] pattern = expected.getBytes(StandardCharsets.UTF_8);
        int[] from = {0};
        await().atMost(WAIT).until(() -> {
            synchronized (this) {
                if (output.indexOf(pattern, from[0]) >= 0) {
                    return true;
                }
                from[0] = Math.max(0, output.size() - pattern.length + 1);
                return false;
            }
        });
        return text();
    }

    /** The output bytes, searchable where they are. */
    private static final class Output extends ByteArrayOutputStream {
        int indexOf(byte[] pattern, int from) {
            for (int i = from; i <= count - pattern.length; i++) {
                int j = 0;
                while (j < pattern.length && buf[i + j] == pattern[j]) {
                    j++;
                }
                if (j == pattern.length) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The close code once the server closed the connection; empty while it is open. */
    public java.util.OptionalInt closeCode() {
        return closed.isDone() ? java.util.OptionalInt.of(closed.join()) : java.util.OptionalInt.empty();
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    /** Keepalive pings received from the server. */
    public int pings() {
        return pings.get();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /**
     * Sends a close frame and nothing else: the connection stays open and, when paused, unread, as
     * a client that left without draining its side does (or a hostile one). {@link #close()} ends it.
     */
    public void sendCloseOnly() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving").join();
    }

    @Override
    public void close() {
        WebSocket current = socket;
        if (current != null && !current.isOutputClosed()) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        if (current != null) {
            current.abort();
        }
    }
}
