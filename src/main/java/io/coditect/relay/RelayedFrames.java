package io.coditect.relay;

import io.coditect.terminal.ActivityReport;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.ClientOutbox;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.terminal.wire.TerminalLimits;
import io.coditect.terminal.wire.WireEvents;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The frames on their way from the agent to one relayed client, and the gateway's own events
 * (refusals, {@code reattach}) among them: one queue to the client's {@link ClientOutbox}, with the
 * agent's frames held in the {@link CreditWindow} until the client took them, and the link asked
 * for more as it does. Tracks the client's offset (from the agent's {@code attached} event on) for
 * the session registry. One lock guards the queue, the window and the outbox.
 */
final class RelayedFrames implements AgentLink.Relay, ClientOutbox.Source {
    private static final String UNAVAILABLE = "agent_unavailable";

    private final RemoteAttachment.Host host;
    private final CreditWindow window;
    private final ActivityReport activity;
    /** Ends the attachment: closes the client with the code (null: it is gone already) and the link. */
    private final BiConsumer<CloseCode, String> finish;
    private final AgentLink agent;
    private final ReentrantLock lock = new ReentrantLock();
    private final ClientOutbox outbox;
    private final ArrayDeque<ClientOutbox.Frame> queue = new ArrayDeque<>();
    private long offset = -1;
    private int ownEvents;
    private boolean relaying = true;
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

    RelayedFrames(String workspaceId, ClientChannel client, RemoteAttachment.Host host, CreditWindow window,
            Duration sendTimeout, ActivityReport activity, BiConsumer<CloseCode, String> finish) {
        this.host = host;
        this.window = window;
        this.activity = activity;
        this.finish = finish;
        this.agent = new AgentLink(workspaceId, this, sendTimeout);
        this.outbox = new ClientOutbox(client, lock, this);
    }

    AgentLink link() {
        return agent;
    }

    // ---- from the agent -----------------------------------------------------------------------

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

    @Override
    public void closed(int statusCode, String reason) {
        CloseCode.of(statusCode).filter(CloseCode::relayed).ifPresentOrElse(
                same -> closeClient(same, reason == null ? "" : reason, null),
                // The agent is stopping (1001) or broke off: its terminals come back when it does.
                this::unavailable);
    }

    @Override
    public void unavailable() {
        closeClient(CloseCode.TRY_AGAIN_LATER, UNAVAILABLE, WireEvents.error(UNAVAILABLE,
                "The workspace's terminals cannot be reached right now (its pod may be restarting); re-attach with your offset shortly."));
    }

    /** Asks the link for as many parts as the window has room for (none once relaying stopped). */
    private void askAgent() {
        AgentSocket link = agent.link();
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

    /** Queues a frame from the agent, held in the window until the client took it; dropped once relaying stopped. */
    private void relay(Relayed frame) {
        lock.lock();
        try {
            window.delivered(frame.bytes(), relaying);
            if (!relaying) {
                return;
            }
            queue.add(frame);
        } finally {
            lock.unlock();
        }
        host.buffered(frame.bytes());
        outbox.pump();
        askAgent();
    }

    // ---- the gateway's own frames -------------------------------------------------------------

    /**
     * Queues an {@code error} event for a refused frame of the client; false when the client has
     * left {@link TerminalLimits#MAX_QUEUED_EVENTS} of them unread (it is to be closed, not queued for).
     */
    boolean refuse(String code, String message) {
        lock.lock();
        try {
            if (finished || !relaying) {
                return true;
            }
            if (ownEvents >= TerminalLimits.MAX_QUEUED_EVENTS) {
                return false;
            }
            ownEvents++;
            queue.add(new Own(WireEvents.error(code, message)));
        } finally {
            lock.unlock();
        }
        outbox.pump();
        return true;
    }

    /** See {@link RemoteAttachment#drain}; false when relaying had stopped already. */
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

    // ---- to the client ------------------------------------------------------------------------

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
            left(frame, failure);
            if (failure != null) {
                finish.accept(null, null);
            } else {
                outbox.pump();
            }
        };
    }

    @Override
    public void close(ClientOutbox.Close close) {
        finish.accept(close.code(), close.reason());
    }

    /** A frame left the gateway, sent or given up: a relayed one leaves the window, and more may be asked for. */
    private void left(ClientOutbox.Frame frame, Throwable failure) {
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

    boolean stuck(long nowNanos, long limitNanos) {
        return outbox.stuck(nowNanos, limitNanos);
    }

    /** Runs {@code change} under the lock unless relaying has ended; whether it ran. */
    boolean whileOpen(Runnable change) {
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            change.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends relaying once and lets go of every queued frame; the client's offset then (-1 when
     * unknown), or empty when it had ended already.
     */
    OptionalLong end() {
        ClientOutbox.Frame[] abandoned;
        long at;
        lock.lock();
        try {
            if (finished) {
                return OptionalLong.empty();
            }
            finished = true;
            relaying = false;
            outbox.end();
            abandoned = queue.toArray(ClientOutbox.Frame[]::new);
            queue.clear();
            at = offset;
        } finally {
            lock.unlock();
        }
        for (ClientOutbox.Frame frame : abandoned) {
            left(frame, new IllegalStateException("attachment ended"));
        }
        return OptionalLong.of(at);
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
