package io.coditect.gateway;

import io.coditect.terminal.ActivityReport;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.ClientOutbox;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.terminal.wire.ControlMessage;
import io.coditect.terminal.wire.TerminalLimits;
import io.coditect.terminal.wire.WireEvents;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One client attached through this gateway: a WebSocket link to the agent ({@link AgentLink}), on
 * which the gateway is one more client of the agent's terminal. Bytes flow both ways unchanged, so
 * offsets, replay and events are the agent's, end to end.
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
 * through one queue and the client's {@link ClientOutbox}; one lock guards both.
 */
final class RemoteAttachment implements Attachment, AgentLink.Relay, ClientOutbox.Source {
    private static final String UNAVAILABLE = "agent_unavailable";

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
    private final AgentLink agent;
    private final ActivityReport activity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ClientOutbox outbox;

    private final ArrayDeque<ClientOutbox.Frame> queue = new ArrayDeque<>();
    private long offset = -1;
    private int ownEvents;
    private boolean relaying = true;
    private boolean registered;
    private boolean finished;

    /** An event of the gateway's own, counted against {@link TerminalLimits#MAX_QUEUED_EVENTS}. */
    private record Own(String json) implements ClientOutbox.Frame {
        @Override
        public void send(ClientChannel channel, Consumer<Throwable> done) {
            channel.sendEvent(json, done);
        }
    }

    /** A frame from the agent, held in the window until the client took it; {@code output}: bytes of the stream. */
    private record Relayed(ClientOutbox.Frame frame, long bytes, boolean output) implements ClientOutbox.Frame {
        @Override
        public void send(ClientChannel channel, Consumer<Throwable> done) {
            frame.send(channel, done);
        }
    }

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
        this.agent = new AgentLink(workspaceId, this, sendTimeout);
        this.activity = new ActivityReport(host::active);
        this.outbox = new ClientOutbox(client, lock, this);
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
    boolean register(Runnable bookkeeping) {
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            bookkeeping.run();
            registered = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- from the agent -----------------------------------------------------------------------

    /** The link to the agent, which is also the listener of its WebSocket. */
    AgentLink link() {
        return agent;
    }

    @Override
    public void opened() {
        askAgent();
    }

    @Override
    public void output(ByteBuffer bytes, int length) {
        relay(new Relayed(ClientOutbox.Frame.output(bytes), length, true));
    }

    @Override
    public void event(String json) {
        OptionalLong attachedAt = WireEvents.attachedOffset(json);
        if (attachedAt.isPresent()) {
            withLock(() -> offset = attachedAt.getAsLong());
        }
        relay(new Relayed(ClientOutbox.Frame.event(json), json.length() * 2L, false));
    }

    @Override
    public void ping() {
        relay(new Relayed(ClientOutbox.PING, 0, false));
    }

    @Override
    public void consumed() {
        withLock(() -> window.delivered(0, false));
        askAgent();
    }

    /** Asks the link for as many parts as the window has room for (none once relaying stopped). */
    private void askAgent() {
        WebSocket link = agent.link();
        int more;
        lock.lock();
        try {
            if (finished || !relaying || link == null) {
                return;
            }
            more = window.grant();
        } finally {
            lock.unlock();
        }
        if (more > 0) {
            link.request(more);
        }
    }

    @Override
    public void closed(int statusCode, String reason) {
        CloseCode.of(statusCode).filter(CloseCode::relayed).ifPresentOrElse(
                same -> closeClient(same, reason == null ? "" : reason, null),
                // The agent is stopping (1001) or broke off: its terminals come back when it does.
                this::unavailable);
    }

    @Override
    public void unavailable() {
        closeClient(CloseCode.TRY_AGAIN_LATER, UNAVAILABLE, unavailableEvent());
    }

    private static String unavailableEvent() {
        return WireEvents.error(UNAVAILABLE,
                "The workspace's terminals cannot be reached right now (its pod may be restarting); re-attach with your offset shortly.");
    }

    // ---- from the client ----------------------------------------------------------------------

    /** Input goes to the agent, and the client's next frame is read once the agent took it. */
    @Override
    public void input(ByteBuffer bytes) {
        int length = bytes.remaining();
        byte[] copy = new byte[length];
        bytes.get(copy);
        if (!ended() && agent.send(link -> link.sendBinary(ByteBuffer.wrap(copy), true), terminalId)) {
            host.input(length);
            activity.touch();
        }
    }

    @Override
    public void resize(int cols, int rows) {
        String json = new ControlMessage.Resize(cols, rows).json();
        if (!ended() && agent.send(link -> link.sendText(json, true), terminalId)) {
            activity.touch();
        }
    }

    private boolean ended() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void refuse(String code, String message) {
        boolean overflowing;
        lock.lock();
        try {
            if (finished || !relaying) {
                return;
            }
            overflowing = ownEvents >= TerminalLimits.MAX_QUEUED_EVENTS;
            if (!overflowing) {
                ownEvents++;
                queue.add(new Own(WireEvents.error(code, message)));
            }
        } finally {
            lock.unlock();
        }
        if (overflowing) {
            // A client that provokes refusals faster than it reads them is closed, not queued for.
            finish(CloseCode.POLICY, "too_many_events");
            return;
        }
        outbox.pump();
    }

    @Override
    public void detach() {
        finish(null, null);
    }

    // ---- drain and housekeeping ----------------------------------------------------------------

    /**
     * Tells the client to re-attach elsewhere: nothing more is taken from the agent, the frame in
     * flight completes, then the {@code reattach} event and a close 1001 follow. The client's own
     * offset then counts exactly what it got; the agent replays the rest to its next attach.
     */
    boolean drain() {
        lock.lock();
        try {
            if (finished || !relaying) {
                return false;
            }
            relaying = false;
            queue.add(new Own(WireEvents.reattach("draining")));
            queue.add(new ClientOutbox.Close(CloseCode.GOING_AWAY, "draining"));
        } finally {
            lock.unlock();
        }
        outbox.pump();
        return true;
    }

    /** Whether a frame has been in flight to the client longer than {@code limitNanos} as of {@code nowNanos}. */
    boolean stuck(long nowNanos, long limitNanos) {
        return outbox.stuck(nowNanos, limitNanos);
    }

    /** Ends the attachment at once: the client gets {@code code} without waiting for anything in flight. */
    void abort(CloseCode code, String reason) {
        finish(code, reason);
    }

    // ---- the queue to the client --------------------------------------------------------------

    /** Queues a frame from the agent, held in the window until the client took it; dropped once relaying stopped. */
    private void relay(Relayed frame) {
        lock.lock();
        try {
            if (!relaying) {
                window.delivered(frame.bytes(), false);
                return;
            }
            window.delivered(frame.bytes(), true);
            queue.add(frame);
        } finally {
            lock.unlock();
        }
        host.buffered(frame.bytes());
        outbox.pump();
        askAgent();
    }

    /** Ends relaying: after what is queued, {@code event} (if any) and a close with {@code code}. */
    private void closeClient(CloseCode code, String reason, String event) {
        lock.lock();
        try {
            if (finished || !relaying) {
                return;
            }
            relaying = false;
            if (event != null) {
                queue.add(new Own(event));
            }
            queue.add(new ClientOutbox.Close(code, reason));
        } finally {
            lock.unlock();
        }
        outbox.pump();
    }

    @Override
    public ClientOutbox.Frame next() {
        return finished ? null : queue.poll();
    }

    @Override
    public Runnable sent(ClientOutbox.Frame frame, Throwable failure) {
        if (failure == null && frame instanceof Relayed relayed && relayed.output() && offset >= 0) {
            offset += relayed.bytes();
        }
        if (frame instanceof Own) {
            ownEvents = Math.max(0, ownEvents - 1);
        }
        return () -> {
            let(frame, failure);
            if (failure != null) {
                finish(null, null);
            } else {
                outbox.pump();
            }
        };
    }

    @Override
    public void close(ClientOutbox.Close close) {
        finish(close.code(), close.reason());
    }

    /** A frame left the gateway, sent or given up: a relayed one leaves the window, and more may be asked for. */
    private void let(ClientOutbox.Frame frame, Throwable failure) {
        if (!(frame instanceof Relayed relayed)) {
            return;
        }
        if (failure == null && relayed.output()) {
            host.sent((int) relayed.bytes());
            activity.touch();
        }
        withLock(() -> window.released(relayed.bytes()));
        host.buffered(-relayed.bytes());
        if (failure == null) {
            askAgent();
        }
    }

    /**
     * Ends the attachment once: closes the client with {@code code} (null: it is already gone), lets
     * go of every queued frame and closes the link to the agent, whose client this was.
     */
    private void finish(CloseCode code, String reason) {
        ClientOutbox.Frame[] abandoned;
        long at;
        boolean counted;
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            relaying = false;
            outbox.end();
            abandoned = queue.toArray(ClientOutbox.Frame[]::new);
            queue.clear();
            at = offset;
            counted = registered;
        } finally {
            lock.unlock();
        }
        for (ClientOutbox.Frame frame : abandoned) {
            let(frame, new IllegalStateException("attachment ended"));
        }
        if (code != null) {
            client.close(code, reason);
        }
        agent.close();
        if (counted) {
            host.finished(this, at);
        }
    }

    private void withLock(Runnable change) {
        lock.lock();
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }
}
