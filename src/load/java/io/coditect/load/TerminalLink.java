package io.coditect.load;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One terminal of a virtual user: a WebSocket (the JDK's) that the user drops and that replicas
 * close under it, re-attached each time with the offset of the next byte it needs. Every output
 * byte is counted once by offset: an {@code attached} offset past the one asked for is a loss, one
 * before it a duplicate (the repeated bytes are skipped, not checked twice). The bytes go through
 * an {@link OutputCheck} of the jobs' numbered lines, and the last {@value ReceivedOutput#RECENT}
 * bytes are kept for the exact comparison with the server's replay at the end ({@link #recent()}).
 */
final class TerminalLink {
    private static final String UNKNOWN_TO_REPLICA = "http_404_terminal_not_found";
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(20);

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
    private final ReceivedOutput output = new ReceivedOutput();
    private long generation;
    private WebSocket socket;
    private boolean open;
    private long skip;
    private CompletableFuture<JsonObject> attachedEvent = new CompletableFuture<>();
    private boolean echoPending;
    private long echoSentAt;
    private long echoGeneration;
    /** When the connection was last cut (dropped here, or closed by the far side), newest last. */
    private final java.util.ArrayDeque<Long> cuts = new java.util.ArrayDeque<>();

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
            from = output.nextOffset();
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
                    .buildAsync(uri, new LinkListener(this, current)).get(ATTACH_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw AttachFailed.refused(refused);
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
                output.lostUpTo(at);
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
            cut();
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
        return output.tail();
    }

    /** The last bytes received (at most {@value ReceivedOutput#RECENT}) and the offset just after them. */
    synchronized ReceivedOutput.Recent recent() {
        return output.recent();
    }

    synchronized void received(long forGeneration, byte[] bytes) {
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
        output.append(bytes, from);
        recorder.bytes.addAndGet(count);
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

    synchronized void closed(long forGeneration, String how, boolean expected) {
        if (forGeneration != generation) {
            return;
        }
        if (open) {
            recorder.attached.decrementAndGet();
        }
        open = false;
        cut();
        attachedEvent.completeExceptionally(new AttachFailed(how, "closed before attached"));
        recorder.error(how, expected, id + " closed");
        notifyAll();
    }

    private void cut() {
        cuts.addLast(System.nanoTime());
        if (cuts.size() > 16) {
            cuts.removeFirst();
        }
    }

    /**
     * Whether a connection carrying input sent at {@code sentAt} was cut within {@code window}
     * after it: the protocol does not send input again over the next connection (only output is
     * resumed by offset), so such input may never have reached the shell.
     */
    synchronized boolean cutSoonAfter(long sentAt, Duration window) {
        return cuts.stream().anyMatch(at -> at - sentAt >= 0 && at - sentAt <= window.toNanos());
    }

    /** Lists the terminals through the load balancer, which reconciles a replica's registry (see {@link #reattach}). */
    void refreshRegistry() {
        refresh.run();
    }

    /** Whether a failure now is one the chaos under way explains. */
    boolean chaosExpected() {
        return chaos.expectedNow();
    }

    void malformedEvent(CharSequence text) {
        recorder.error("malformed_event", false, id + " " + text);
    }

    void event(long forGeneration, JsonObject event) {
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
}
