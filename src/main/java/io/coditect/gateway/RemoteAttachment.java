package io.coditect.gateway;

import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.TerminalLimits;
import io.coditect.terminal.WireEvents;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client attached through this gateway: a WebSocket link to the agent, on which the gateway is
 * one more client of the agent's terminal. Bytes flow both ways unchanged, so offsets, replay and
 * events are the agent's, end to end.
 *
 * <p>Flow control: a credit window ({@link CreditWindow}): the link is asked for several frames and
 * a bounded number of bytes ahead, and for more as the client's connection takes them, so output
 * streams without a round trip to the agent per frame. A slow client stops taking frames, the
 * window closes, the agent's frames stay unsent, the agent's window fills and the agent stops
 * reading the PTY; the gateway holds at most one window per client (counted in
 * {@link RelayMetrics}). Input goes the other way with back-pressure too: the client's next frame is
 * read only once the agent took the previous one, and an agent that does not take it within the
 * send timeout ends the attachment (close 1013) instead of holding the server's thread.
 *
 * <p>Frames to the client, relayed or the gateway's own events (refusals, {@code reattach}), go
 * through one queue with at most one frame in flight; one lock (this object) guards it.
 */
final class RemoteAttachment implements Attachment, WebSocket.Listener {
    private static final Logger LOG = Logger.getLogger(RemoteAttachment.class.getName());
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_TRY_AGAIN_LATER = 1013;
    static final int CLOSE_TERMINAL_CLOSED = 4000;
    static final int CLOSE_SLOW_CLIENT = 4001;
    /** Close codes of the agent that mean the same to the client: exit, policy, frame size, terminal gone, too slow. */
    private static final java.util.Set<Integer> PASSED_ON = java.util.Set.of(1000, 1008, 1009, 4000, 4001);
    /** The agent's events are small; a longer text is a broken agent. */
    private static final int MAX_EVENT_CHARS = 64 * 1024;
    private static final long ACTIVITY_REPORT_NANOS = 1_000_000_000L;

    /** What the host learns from an attachment. */
    interface Host {
        void sent(int bytes);

        void input(int bytes);

        void active();

        void buffered(long delta);

        /** The attachment is over: the client is closed and the link to the agent is going. */
        void finished(RemoteAttachment attachment, long offset);
    }

    private final String workspaceId;
    private final String terminalId;
    private final ClientChannel client;
    private final Host host;
    private final CreditWindow window;
    private final Duration sendTimeout;
    private final ReentrantLock agentSends = new ReentrantLock();
    private final StringBuilder text = new StringBuilder();
    private volatile WebSocket agent;
    private volatile long lastReportNanos;

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private boolean inFlight;
    private long inFlightSinceNanos;
    private long offset = -1;
    private int ownEvents;
    private boolean relaying = true;
    private boolean registered;
    private boolean finished;

    /**
     * {@code window}: how far ahead of the client the link may be asked; {@code sendTimeout}: how
     * long a frame to the agent may take before the attachment ends.
     */
    RemoteAttachment(String workspaceId, String terminalId, ClientChannel client, Host host, CreditWindow window,
            Duration sendTimeout) {
        this.workspaceId = workspaceId;
        this.terminalId = terminalId;
        this.client = client;
        this.host = host;
        this.window = window;
        this.sendTimeout = sendTimeout;
    }

    String workspaceId() {
        return workspaceId;
    }

    String terminalId() {
        return terminalId;
    }

    /**
     * Runs {@code bookkeeping} (the host counting this attachment) unless the attachment has ended
     * already; an attachment that ran it reports its end to the host, one that did not never does.
     */
    synchronized boolean register(Runnable bookkeeping) {
        if (finished) {
            return false;
        }
        bookkeeping.run();
        registered = true;
        return true;
    }

    /** The link, once the handshake completed. */
    void linked(WebSocket link) {
        this.agent = link;
    }

    // ---- from the agent -----------------------------------------------------------------------

    @Override
    public void onOpen(WebSocket link) {
        agent = link;
        askAgent();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket link, ByteBuffer data, boolean last) {
        int length = data.remaining();
        // The JDK lends a read-only buffer, which Liberty's asynchronous send never completes with,
        // and reuses it once this returns: the copies are what the window bounds.
        ByteBuffer copy = ByteBuffer.allocate(length).put(data).flip();
        // A message in parts is relayed part by part: output is a byte stream, frame edges mean nothing.
        relay(new Output(copy, length));
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket link, CharSequence data, boolean last) {
        text.append(data);
        if (text.length() > MAX_EVENT_CHARS) {
            LOG.warning(() -> "The agent of " + workspaceId + " sent an event longer than " + MAX_EVENT_CHARS + " characters");
            linkFailed(link);
            return null;
        }
        if (!last) {
            consumed();
            return null;
        }
        String json = text.toString();
        text.setLength(0);
        noteAttached(json);
        relay(new Relayed(Frame.event(json)));
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket link, ByteBuffer message) {
        // The agent's keepalive: the JDK answers it, and the client, as quiet as the link, gets one too.
        relay(new Relayed(Frame.PING));
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket link, ByteBuffer message) {
        consumed();
        return null;
    }

    /** A part that used a unit of demand and is not kept: the unit goes back to the window. */
    private void consumed() {
        synchronized (this) {
            window.delivered(0, false);
        }
        askAgent();
    }

    /** Asks the link for as many parts as the window has room for (none once relaying stopped). */
    private void askAgent() {
        WebSocket link = agent;
        int more;
        synchronized (this) {
            if (finished || !relaying || link == null) {
                return;
            }
            more = window.grant();
        }
        if (more > 0) {
            link.request(more);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket link, int statusCode, String reason) {
        if (PASSED_ON.contains(statusCode)) {
            closeClient(statusCode, reason == null ? "" : reason, null);
        } else {
            // The agent is stopping (1001) or broke off: its terminals come back when it does.
            closeClient(CLOSE_TRY_AGAIN_LATER, "agent_unavailable", unavailableEvent());
        }
        return null;
    }

    @Override
    public void onError(WebSocket link, Throwable error) {
        LOG.log(Level.FINE, "link to the agent of " + workspaceId + " failed", error);
        closeClient(CLOSE_TRY_AGAIN_LATER, "agent_unavailable", unavailableEvent());
    }

    private void linkFailed(WebSocket link) {
        link.abort();
        closeClient(CLOSE_TRY_AGAIN_LATER, "agent_unavailable", unavailableEvent());
    }

    private void noteAttached(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonObject event = reader.readObject();
            if ("attached".equals(event.getString("type", "")) && event.get("offset") instanceof JsonNumber start) {
                synchronized (this) {
                    offset = start.longValue();
                }
            }
        } catch (JsonException | ClassCastException e) {
            LOG.fine(() -> "The agent of " + workspaceId + " sent text that is not a JSON object");
        }
    }

    private static String unavailableEvent() {
        return WireEvents.error("agent_unavailable",
                "The workspace's terminals cannot be reached right now (its pod may be restarting); re-attach with your offset shortly.");
    }

    // ---- from the client ----------------------------------------------------------------------

    @Override
    public void input(ByteBuffer bytes) {
        int length = bytes.remaining();
        byte[] copy = new byte[length];
        bytes.get(copy);
        if (sendToAgent(link -> link.sendBinary(ByteBuffer.wrap(copy), true))) {
            host.input(length);
            active();
        }
    }

    @Override
    public void resize(int cols, int rows) {
        String json = Json.createObjectBuilder().add("type", "resize").add("cols", cols).add("rows", rows).build().toString();
        if (sendToAgent(link -> link.sendText(json, true))) {
            active();
        }
    }

    /**
     * Sends one frame to the agent and waits until it is taken: the client's next frame is read only
     * then, as with a local PTY write. False when the link is gone (its close reaches the client).
     * An agent that takes no frame within the send timeout is treated as gone: the client gets
     * {@code agent_unavailable} and close 1013, and the server's thread is free again.
     */
    private boolean sendToAgent(java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> send) {
        WebSocket link = agent;
        synchronized (this) {
            if (finished || link == null) {
                return false;
            }
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            if (!agentSends.tryLock(sendTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                agentStuck(link);
                return false;
            }
            try {
                send.apply(link).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } finally {
                agentSends.unlock();
            }
        } catch (TimeoutException e) {
            agentStuck(link);
            return false;
        } catch (ExecutionException | IllegalStateException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void agentStuck(WebSocket link) {
        LOG.warning(() -> "The agent of " + workspaceId + " took no input for terminal " + terminalId + " within "
                + sendTimeout + "; the attachment ends");
        linkFailed(link);
    }

    @Override
    public void refuse(String code, String message) {
        boolean overflowing;
        synchronized (this) {
            if (finished || !relaying) {
                return;
            }
            overflowing = ownEvents >= TerminalLimits.MAX_QUEUED_EVENTS;
            if (!overflowing) {
                ownEvents++;
                queue.add(new Own(Frame.event(WireEvents.error(code, message))));
            }
        }
        if (overflowing) {
            // A client that provokes refusals faster than it reads them is closed, not queued for.
            finish(CLOSE_POLICY, "too_many_events");
            return;
        }
        pump();
    }

    @Override
    public void detach() {
        finish(0, null);
    }

    // ---- drain and housekeeping ----------------------------------------------------------------

    /**
     * Tells the client to re-attach elsewhere: nothing more is taken from the agent, the frame in
     * flight completes, then the {@code reattach} event and a close 1001 follow. The client's own
     * offset then counts exactly what it got; the agent replays the rest to its next attach.
     */
    boolean drain() {
        synchronized (this) {
            if (finished || !relaying) {
                return false;
            }
            relaying = false;
            queue.add(new Own(Frame.event(WireEvents.reattach("draining"))));
            queue.add(new Close(CLOSE_GOING_AWAY, "draining"));
        }
        pump();
        return true;
    }

    /** Whether a frame has been in flight to the client longer than {@code limitNanos} as of {@code nowNanos}. */
    synchronized boolean stuck(long nowNanos, long limitNanos) {
        return !finished && inFlight && nowNanos - inFlightSinceNanos > limitNanos;
    }

    /** Ends the attachment at once: the client gets {@code code} without waiting for anything in flight. */
    void abort(int code, String reason) {
        finish(code, reason);
    }

    private void active() {
        long now = System.nanoTime();
        if (now - lastReportNanos >= ACTIVITY_REPORT_NANOS) {
            lastReportNanos = now;
            host.active();
        }
    }

    // ---- the queue to the client --------------------------------------------------------------

    /** Queues a frame from the agent, held in the window until the client took it; dropped once relaying stopped. */
    private void relay(Relayed frame) {
        synchronized (this) {
            if (!relaying) {
                window.delivered(frame.bytes(), false);
                return;
            }
            window.delivered(frame.bytes(), true);
            queue.add(frame);
        }
        host.buffered(frame.bytes());
        pump();
        askAgent();
    }

    /** A held frame left the gateway (sent, or given up): room in the window, more may be asked for. */
    private void released(long bytes, boolean sent) {
        synchronized (this) {
            window.released(bytes);
        }
        host.buffered(-bytes);
        if (sent) {
            askAgent();
        }
    }

    /** Ends relaying: after what is queued, {@code event} (if any) and a close with {@code code}. */
    private void closeClient(int code, String reason, String event) {
        synchronized (this) {
            if (finished || !relaying) {
                return;
            }
            relaying = false;
            if (event != null) {
                queue.add(new Own(Frame.event(event)));
            }
            queue.add(new Close(code, reason));
        }
        pump();
    }

    private void pump() {
        Frame next;
        synchronized (this) {
            if (finished || inFlight || queue.isEmpty()) {
                return;
            }
            next = queue.poll();
            if (!(next instanceof Close)) {
                inFlight = true;
                inFlightSinceNanos = System.nanoTime();
            }
        }
        if (next instanceof Close close) {
            finish(close.code(), close.reason());
            return;
        }
        next.send(client, failure -> sent(next, failure));
    }

    private void sent(Frame frame, Throwable failure) {
        synchronized (this) {
            inFlight = false;
            if (failure == null && frame instanceof Output output && offset >= 0) {
                offset += output.length();
            }
            if (frame instanceof Own) {
                ownEvents = Math.max(0, ownEvents - 1);
            }
        }
        frame.completed(failure, this);
        if (failure != null) {
            finish(0, null);
            return;
        }
        pump();
    }

    /**
     * Ends the attachment once: closes the client with {@code code} (0: it is already gone), lets go
     * of every queued frame and closes the link to the agent, whose client this was.
     */
    private void finish(int code, String reason) {
        Frame[] abandoned;
        long at;
        boolean counted;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            relaying = false;
            abandoned = queue.toArray(Frame[]::new);
            queue.clear();
            at = offset;
            counted = registered;
        }
        for (Frame frame : abandoned) {
            frame.completed(new IllegalStateException("attachment ended"), this);
        }
        if (code != 0) {
            client.close(code, reason);
        }
        closeLink();
        if (counted) {
            host.finished(this, at);
        }
    }

    /**
     * Cuts the link to the agent without a close handshake. An agent on Liberty that receives a
     * close frame while it is writing to the link waits, without a limit and on one of its pool's
     * threads, for that write to finish (its WebSocket reader's {@code waitToClose}); the write
     * finishes on a thread of the same pool. When the relay had stopped reading (a full window) and
     * a few clients left at once, those waits held every thread of a small agent for good (the
     * soak of 2026-12-03). A cut connection fails the agent's write instead: it detaches at once.
     */
    private void closeLink() {
        WebSocket link = agent;
        if (link != null) {
            link.abort();
        }
    }

    // ---- frames --------------------------------------------------------------------------------

    /** Something to send to the client. */
    private interface Frame {
        Ping PING = new Ping();

        static Frame event(String json) {
            return new Event(json);
        }

        default void send(ClientChannel client, Consumer<Throwable> done) {
            throw new UnsupportedOperationException();
        }

        /** The frame was sent ({@code failure} null) or given up. */
        default void completed(Throwable failure, RemoteAttachment attachment) {
        }

        default long bytes() {
            return 0;
        }
    }

    private record Event(String json) implements Frame {
        @Override
        public void send(ClientChannel client, Consumer<Throwable> done) {
            client.sendEvent(json, done);
        }

        @Override
        public long bytes() {
            return json.length() * 2L;
        }
    }

    private record Ping() implements Frame {
        @Override
        public void send(ClientChannel client, Consumer<Throwable> done) {
            client.sendPing(done);
        }
    }

    /** A close of the client with this code: the last frame. */
    private record Close(int code, String reason) implements Frame {
    }

    /** An event of the gateway's own. */
    private record Own(Frame frame) implements Frame {
        @Override
        public void send(ClientChannel client, Consumer<Throwable> done) {
            frame.send(client, done);
        }
    }

    /** A frame from the agent: once the client took it (or it is given up), it leaves the window. */
    private static class Relayed implements Frame {
        private final Frame frame;

        Relayed(Frame frame) {
            this.frame = frame;
        }

        @Override
        public void send(ClientChannel client, Consumer<Throwable> sent) {
            frame.send(client, sent);
        }

        @Override
        public long bytes() {
            return frame.bytes();
        }

        @Override
        public void completed(Throwable failure, RemoteAttachment attachment) {
            attachment.released(bytes(), failure == null);
        }
    }

    /** Output bytes from the agent. */
    private static final class Output extends Relayed {
        private final ByteBuffer data;
        private final int length;

        Output(ByteBuffer data, int length) {
            super(null);
            this.data = data;
            this.length = length;
        }

        int length() {
            return length;
        }

        @Override
        public void send(ClientChannel client, Consumer<Throwable> sent) {
            client.sendOutput(data, sent);
        }

        @Override
        public long bytes() {
            return length;
        }

        @Override
        public void completed(Throwable failure, RemoteAttachment attachment) {
            if (failure == null) {
                attachment.host.sent(length);
                attachment.active();
            }
            super.completed(failure, attachment);
        }
    }
}
