package io.coditect.relay;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A relayed client's WebSocket link to the agent, on the gateway's side: what the agent sends goes
 * to the {@link Relay} (its events put together from their parts, its output copied out of the
 * JDK's lent buffer); frames to the agent go one at a time, each waited for at most the send
 * timeout; the link is closed when the attachment ends.
 */
final class AgentLink implements WebSocket.Listener {
    private static final Logger LOG = Logger.getLogger(AgentLink.class.getName());
    /** The agent's events are small; a longer text is a broken agent. */
    private static final int MAX_EVENT_CHARS = 64 * 1024;

    /** Where what the agent sends goes; every call that does not keep a part returns its unit of demand. */
    interface Relay {
        /** The link is open: ask for parts. */
        void opened();

        /** Output bytes, copied: the relay may keep them. */
        void output(ByteBuffer bytes, int length);

        /** One whole JSON event. */
        void event(String json);

        /** The agent's keepalive, to pass on. */
        void ping();

        /** A part used a unit of demand and is not kept. */
        void consumed();

        /** The agent closed the link with this code. */
        void closed(int statusCode, String reason);

        /** The link broke or the agent misbehaved: its terminals cannot be reached now. */
        void unavailable();
    }

    private final String workspaceId;
    private final Relay relay;
    private final Duration sendTimeout;
    private final ReentrantLock sends = new ReentrantLock();
    private final StringBuilder text = new StringBuilder();
    private volatile WebSocket link;

    AgentLink(String workspaceId, Relay relay, Duration sendTimeout) {
        this.workspaceId = workspaceId;
        this.relay = relay;
        this.sendTimeout = sendTimeout;
    }

    /** The link, once the handshake completed. */
    void open(WebSocket opened) {
        this.link = opened;
    }

    @Override
    public void onOpen(WebSocket opened) {
        link = opened;
        relay.opened();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket from, ByteBuffer data, boolean last) {
        int length = data.remaining();
        // The JDK lends a read-only buffer, which Liberty's asynchronous send never completes with,
        // and reuses it once this returns: the copies are what the relay's window bounds.
        ByteBuffer copy = ByteBuffer.allocate(length).put(data).flip();
        // A message in parts is relayed part by part: output is a byte stream, frame edges mean nothing.
        relay.output(copy, length);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket from, CharSequence data, boolean last) {
        text.append(data);
        if (text.length() > MAX_EVENT_CHARS) {
            LOG.warning(() -> "The agent of " + workspaceId + " sent an event longer than " + MAX_EVENT_CHARS + " characters");
            failed(from);
            return null;
        }
        if (!last) {
            relay.consumed();
            return null;
        }
        String json = text.toString();
        text.setLength(0);
        relay.event(json);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket from, ByteBuffer message) {
        // The JDK answers it; the client, as quiet as the link, gets one too.
        relay.ping();
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket from, ByteBuffer message) {
        relay.consumed();
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket from, int statusCode, String reason) {
        relay.closed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket from, Throwable error) {
        LOG.log(Level.FINE, "link to the agent of " + workspaceId + " failed", error);
        relay.unavailable();
    }

    /** Drops a link that broke the protocol or stopped taking frames. */
    void failed(WebSocket broken) {
        broken.abort();
        relay.unavailable();
    }

    /** The link, once open; null before. */
    WebSocket link() {
        return link;
    }

    /**
     * Sends one frame to the agent and waits until it is taken: the client's next frame is read only
     * then, as with a local PTY write. False when the link is gone (its close reaches the client).
     * An agent that takes no frame within the send timeout is treated as gone: the client gets
     * {@code agent_unavailable} and close 1013, and the server's thread is free again.
     */
    boolean send(Function<WebSocket, CompletableFuture<WebSocket>> send, String terminalId) {
        WebSocket to = link;
        if (to == null) {
            return false;
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            if (!sends.tryLock(sendTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return stuck(to, terminalId);
            }
            try {
                send.apply(to).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } finally {
                sends.unlock();
            }
        } catch (TimeoutException e) {
            return stuck(to, terminalId);
        } catch (ExecutionException | IllegalStateException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean stuck(WebSocket to, String terminalId) {
        LOG.warning(() -> "The agent of " + workspaceId + " took no input for terminal " + terminalId + " within "
                + sendTimeout + "; the attachment ends");
        failed(to);
        return false;
    }

    /**
     * Cuts the link without a close handshake. An agent on Liberty that receives a close frame
     * while it is writing to the link waits, without a limit and on one of its pool's threads, for
     * that write to finish (its WebSocket reader's {@code waitToClose}); the write finishes on a
     * thread of the same pool. When the relay had stopped reading (a full window) and a few clients
     * left at once, those waits held every thread of a small agent for good (the soak of
     * 2026-12-03). A cut connection fails the agent's write instead: it detaches at once.
     */
    void close() {
        WebSocket to = link;
        if (to != null) {
            to.abort();
        }
    }
}
