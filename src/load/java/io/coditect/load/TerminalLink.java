package io.coditect.load;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One terminal of a virtual user: a WebSocket (the JDK's) that the user drops and that replicas
 * close under it, re-attached each time with the offset of the next byte it needs. Every output
 * byte is counted once by offset: an {@code attached} offset past the one asked for is a loss, one
 * before it a duplicate (the repeated bytes are skipped, not checked twice). The bytes go through
 * an {@link OutputCheck} of the jobs' numbered lines, and the last {@value #RECENT} bytes are kept
 * for the exact comparison with the server's replay at the end ({@link #recent()}).
 */
final class TerminalLink {
    static final int RECENT = 16 * 1024;
    private static final String UNKNOWN_TO_REPLICA = "http_404_terminal_not_found";
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(20);

    /** An attach that did not get to {@code attached}: the HTTP status and error code, or the failure. */
    static final class AttachFailed extends Exception {
        final String code;

        AttachFailed(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String workspace;
    private final String id;
    private final Supplier<String> token;
    private final Recorder recorder;
    private final Chaos chaos;
    private final Runnable refresh;
    final OutputCheck check;
    private final Object sending = new Object();
    private final byte[] recent = new byte[RECENT];
    private long nextOffset;
    private long generation;
    private WebSocket socket;
    private boolean open;
    private long skip;
    private CompletableFuture<JsonObject> attachedEvent = new CompletableFuture<>();
    private final byte[] tail = new byte[64];
    private int tailLength;
    private boolean echoPending;
    private long echoSentAt;
    private long echoGeneration;

    TerminalLink(HttpClient http, URI base, String workspace, String id, Supplier<String> token, Recorder recorder, Chaos chaos,
                 Runnable refresh) {
        this.http = http;
        this.base = base;
        this.workspace = workspace;
        this.id = id;
        this.token = token;
        this.recorder = recorder;
        this.chaos = chaos;
        this.refresh = refresh;
        this.check = new OutputCheck((code, detail) -> recorder.error(code, false, id + " " + detail));
    }

    String id() {
        return id;
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Attaches at the next offset it needs; refused or failed: {@link AttachFailed}. */
    void attach() throws AttachFailed, InterruptedException {
        long from;
        long current;
        CompletableFuture<JsonObject> event = new CompletableFuture<>();
        synchronized (this) {
            from = nextOffset;
            current = ++generation;
            attachedEvent = event;
            open = false;
        }
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/workspaces/" + workspace
                + "/terminals/" + id + "/attach?offset=" + from);
        WebSocket created;
        try {
            created = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token.get())
                    .buildAsync(uri, new Listener(current)).get(ATTACH_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                throw new AttachFailed("http_" + refused.getResponse().statusCode() + "_" + errorCode(body),
                        refused.getResponse().statusCode() + " " + body);
            }
            throw new AttachFailed("connect_failed", String.valueOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AttachFailed("upgrade_timeout", uri.getPath());
        }
        JsonObject attached;
        try {
            attached = event.get(ATTACH_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            created.abort();
            throw new AttachFailed(e.getCause() instanceof AttachFailed failed ? failed.code : "attached_timeout",
                    String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
        }
        long at = attached.getJsonNumber("offset").longValue();
        synchronized (this) {
            if (current != generation) {
                created.abort();
                return;
            }
            if (at > from || attached.getBoolean("truncated", false)) {
                recorder.lostBytes.addAndGet(at - from);
                recorder.error("bytes_lost", false, id + " asked offset " + from + ", attached at " + at + " " + attached);
                nextOffset = at;
            } else if (at < from) {
                // The server replays what this client has: each repeated byte is a duplicate.
                skip = from - at;
                recorder.duplicateBytes.addAndGet(skip);
                recorder.error("bytes_duplicated", false, id + " asked offset " + from + ", attached at " + at);
            }
            socket = created;
            open = true;
            recorder.attached.incrementAndGet();
            notifyAll();
        }
    }

    private static String errorCode(Object body) {
        if (body == null) {
            return "none";
        }
        try (var reader = Json.createReader(new StringReader(body.toString()))) {
            return reader.readObject().getString("error", "none");
        } catch (RuntimeException notJson) {
            return "not_json";
        }
    }

    /** Attaches again until it works or {@code limit} passes; each failed try is an error, expected while a replica stops. */
    void reattach(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        recorder.reattaches.incrementAndGet();
        while (true) {
            try {
                attach();
                return;
            } catch (AttachFailed e) {
                if (e.code.equals(UNKNOWN_TO_REPLICA)) {
                    // This replica's copy of the store has not seen the terminal, made through the other
                    // one (no shared store here, see GatewayDeployment): a listing through it reconciles
                    // its registry with the agent, as a client's refreshed terminal list would.
                    recorder.error("terminal_unknown_to_replica", true, id + " " + e.getMessage());
                    refresh.run();
                } else {
                    recorder.error(e.code, chaos.expectedNow(), id + " " + e.getMessage());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no re-attach to " + id + " within " + limit + ": " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
    }

    /** Drops the connection at once, as a lost network does; bytes in flight come again on the re-attach. */
    void drop() {
        WebSocket dropped;
        synchronized (this) {
            generation++;
            dropped = socket;
            if (open) {
                recorder.attached.decrementAndGet();
            }
            open = false;
            socket = null;
        }
        if (dropped != null) {
            dropped.abort();
        }
    }

    void close() {
        WebSocket closing;
        synchronized (this) {
            generation++;
            closing = socket;
            if (open) {
                recorder.attached.decrementAndGet();
            }
            open = false;
        }
        if (closing != null) {
            closing.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((ignored, error) -> closing.abort());
        }
    }

    /** Sends input; false when the connection was gone (the bytes may not have arrived). */
    boolean send(byte[] bytes) {
        return send(() -> socketOrNull() == null ? null : socketOrNull().sendBinary(ByteBuffer.wrap(bytes), true));
    }

    boolean resize(int cols, int rows) {
        String json = "{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}";
        return send(() -> socketOrNull() == null ? null : socketOrNull().sendText(json, true));
    }

    private synchronized WebSocket socketOrNull() {
        return open ? socket : null;
    }

    private boolean send(Supplier<CompletableFuture<WebSocket>> sender) {
        synchronized (sending) {
            try {
                CompletableFuture<WebSocket> sent = sender.get();
                if (sent == null) {
                    return false;
                }
                sent.get(10, TimeUnit.SECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
    }

    /** Types one key and returns once its echo came (the latency is recorded), or false. */
    boolean typeKey(byte key, Duration limit) throws InterruptedException {
        long current;
        synchronized (this) {
            echoPending = true;
            echoSentAt = System.nanoTime();
            echoGeneration = generation;
            current = generation;
        }
        if (!send(new byte[] {key})) {
            synchronized (this) {
                echoPending = false;
            }
            return false;
        }
        recorder.keys.incrementAndGet();
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (echoPending) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    echoPending = false;
                    recorder.error("echo_timeout", chaos.expectedNow(), id + " key " + key + " (generation " + current + ")");
                    return false;
                }
                if (!open) {
                    // Reconnected by the caller; the echo comes with the replay.
                    return true;
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return true;
    }

    /** Waits until the last output bytes match (e.g. a prompt) or {@code limit} passes; false if the link closed first. */
    synchronized boolean awaitTail(Predicate<String> done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.test(tail())) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !open) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return true;
    }

    synchronized String tail() {
        return new String(tail, 0, tailLength, StandardCharsets.ISO_8859_1);
    }

    /** The last bytes received (at most {@value #RECENT}) and the offset just after them. */
    synchronized Recent recent() {
        int length = (int) Math.min(RECENT, nextOffset);
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++) {
            copy[i] = recent[(int) ((nextOffset - length + i) % RECENT)];
        }
        return new Recent(copy, nextOffset);
    }

    record Recent(byte[] bytes, long end) {
    }

    private synchronized void received(long forGeneration, byte[] bytes) {
        if (forGeneration != generation) {
            return;
        }
        int from = 0;
        if (skip > 0) {
            int skipped = (int) Math.min(skip, bytes.length);
            skip -= skipped;
            from = skipped;
        }
        int count = bytes.length - from;
        if (count == 0) {
            return;
        }
        check.accept(bytes, from, count);
        for (int i = from; i < bytes.length; i++) {
            recent[(int) (nextOffset % RECENT)] = bytes[i];
            nextOffset++;
        }
        recorder.bytes.addAndGet(count);
        int keep = Math.min(count, tail.length);
        if (tailLength + keep > tail.length) {
            int drop = tailLength + keep - tail.length;
            System.arraycopy(tail, drop, tail, 0, tailLength - drop);
            tailLength -= drop;
        }
        System.arraycopy(bytes, bytes.length - keep, tail, tailLength, keep);
        tailLength += keep;
        if (echoPending) {
            echoPending = false;
            if (echoGeneration == generation) {
                recorder.echo(System.nanoTime() - echoSentAt);
            } else {
                recorder.echoesAcrossReattach.incrementAndGet();
            }
        }
        notifyAll();
    }

    private synchronized void closed(long forGeneration, String how, boolean expected) {
        if (forGeneration != generation) {
            return;
        }
        if (open) {
            recorder.attached.decrementAndGet();
        }
        open = false;
        attachedEvent.completeExceptionally(new AttachFailed(how, "closed before attached"));
        recorder.error(how, expected, id + " closed");
        notifyAll();
    }

    private void event(long forGeneration, JsonObject event) {
        String type = event.getString("type", "");
        synchronized (this) {
            if (forGeneration != generation) {
                return;
            }
        }
        switch (type) {
            case "attached" -> attachedEvent.complete(event);
            case "reattach" -> recorder.error("event_reattach_" + event.getString("reason", ""), true, id);
            case "error" -> recorder.error("event_" + event.getString("error", ""), chaos.expectedNow(), id + " " + event);
            default -> recorder.error("event_" + type, false, id + " " + event);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final long forGeneration;
        private final StringBuilder text = new StringBuilder();

        Listener(long forGeneration) {
            this.forGeneration = forGeneration;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received(forGeneration, bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try (var reader = Json.createReader(new StringReader(text.toString()))) {
                    event(forGeneration, reader.readObject());
                } catch (RuntimeException e) {
                    recorder.error("malformed_event", false, id + " " + text);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            // 1001: the replica stops (after its reattach event); 1006 (the load balancer cut the connection of a
            // killed replica) and 1013 (agent unreachable) are expected while a replica stops; anything else is a fault.
            closed(forGeneration, "close_" + statusCode,
                    statusCode == 1001 || ((statusCode == 1006 || statusCode == 1013) && chaos.expectedNow()));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(forGeneration, "connection_lost", chaos.expectedNow());
        }
    }
}
