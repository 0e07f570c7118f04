package io.coditect.relay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A relayed client's WebSocket link to the agent, on the gateway's side: what the agent sends goes
 * to the {@link Relay} (its events whole, its output in the frames it came in, each the relay's own
 * copy); frames to the agent go one at a time, each waited for at most the send timeout; the link
 * is closed when the attachment ends. The caps on frames and events are {@link AgentSockets}'.
 */
final class AgentLink implements AgentSocket.Listener {
    private static final Logger LOG = Logger.getLogger(AgentLink.class.getName());

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
    private volatile AgentSocket link;

    AgentLink(String workspaceId, Relay relay, Duration sendTimeout) {
        this.workspaceId = workspaceId;
        this.relay = relay;
        this.sendTimeout = sendTimeout;
    }

    /** The link, once the handshake completed. */
    void open(AgentSocket opened) {
        this.link = opened;
    }

    @Override
    public void onOpen(AgentSocket opened) {
        link = opened;
        relay.opened();
    }

    @Override
    public void onBinary(AgentSocket from, ByteBuffer data) {
        // A message in parts is relayed part by part: output is a byte stream, frame edges mean nothing.
        relay.output(data, data.remaining());
    }

    @Override
    public void onText(AgentSocket from, String message) {
        relay.event(message);
    }

    @Override
    public void onPing(AgentSocket from) {
        // The socket answered it; the client, as quiet as the link, gets one too.
        relay.ping();
    }

    @Override
    public void onPart(AgentSocket from) {
        relay.consumed();
    }

    @Override
    public void onClose(AgentSocket from, int statusCode, String reason) {
        relay.closed(statusCode, reason);
    }

    @Override
    public void onError(AgentSocket from, Throwable error) {
        if (error instanceof AgentSocket.Broken) {
            LOG.warning(() -> "The link to the agent of " + workspaceId + " ends: " + error.getMessage());
        } else {
            LOG.log(Level.FINE, "link to the agent of " + workspaceId + " failed", error);
        }
        relay.unavailable();
    }

    /** Drops a link that broke the protocol or stopped taking frames. */
    void failed(AgentSocket broken) {
        broken.abort();
        relay.unavailable();
    }

    /** The link, once open; null before. */
    AgentSocket link() {
        return link;
    }

    /**
     * Sends one frame to the agent and waits until it is taken: the client's next frame is read only
     * then, as with a local PTY write. False when the link is gone (its close reaches the client).
     * An agent that takes no frame within the send timeout is treated as gone: the client gets
     * {@code agent_unavailable} and close 1013, and the server's thread is free again.
     */
    boolean send(Function<AgentSocket, CompletableFuture<Void>> send, String terminalId) {
        AgentSocket to = link;
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

    private boolean stuck(AgentSocket to, String terminalId) {
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
        AgentSocket to = link;
        if (to != null) {
            to.abort();
        }
    }
}
