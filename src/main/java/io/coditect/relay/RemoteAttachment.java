package io.coditect.relay;

import io.coditect.terminal.ActivityReport;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.terminal.wire.ControlMessage;
import io.coditect.terminal.wire.TerminalLimits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One client attached through this gateway: a WebSocket link to the agent ({@link AgentLink}), on
 * which the gateway is one more client of the agent's terminal. Bytes flow both ways unchanged, so
 * offsets, replay and events are the agent's, end to end.
 *
 * <p>Flow control: a credit window ({@link CreditWindow}, kept by {@link RelayedFrames}): the link
 * is asked for several frames and a bounded number of bytes ahead, and for more as the client's
 * connection takes them, so output streams without a round trip to the agent per frame. A slow
 * client stops taking frames, the window closes, the agent's frames stay unsent, the agent's window
 * fills and the agent stops reading the PTY; the gateway holds at most one window per client
 * (counted in {@link RelayMetrics}). Input goes the other way with back-pressure too: the client's
 * next frame is read only once the agent took the previous one, and an agent that does not take it
 * within the send timeout ends the attachment (close 1013) instead of holding the server's thread.
 */
final class RemoteAttachment implements Attachment {
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
    private final ActivityReport activity;
    private final RelayedFrames frames;
    private volatile boolean registered;

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
        this.activity = new ActivityReport(host::active);
        this.frames = new RelayedFrames(workspaceId, client, host, window, sendTimeout, activity, this::finish);
    }

    String workspaceId() {
        return workspaceId;
    }

    String terminalId() {
        return terminalId;
    }

    /** The link to the agent, which is also the listener of its WebSocket. */
    AgentLink link() {
        return frames.link();
    }

    /**
     * Runs {@code bookkeeping} (the host counting this attachment) unless the attachment has ended
     * already; an attachment that ran it reports its end to the host, one that did not never does.
     */
    boolean register(Runnable bookkeeping) {
        return frames.whileOpen(() -> {
            bookkeeping.run();
            registered = true;
        });
    }

    /** Input goes to the agent, and the client's next frame is read once the agent took it. */
    @Override
    public void input(ByteBuffer bytes) {
        int length = bytes.remaining();
        byte[] copy = new byte[length];
        bytes.get(copy);
        if (open() && link().send(link -> link.sendBinary(ByteBuffer.wrap(copy)), terminalId)) {
            host.input(length);
            activity.touch();
        }
    }

    @Override
    public void resize(int cols, int rows) {
        String json = new ControlMessage.Resize(cols, rows).json();
        if (open() && link().send(link -> link.sendText(json), terminalId)) {
            activity.touch();
        }
    }

    private boolean open() {
        return frames.whileOpen(() -> { });
    }

    @Override
    public void refuse(String code, String message) {
        if (!frames.refuse(code, message)) {
            // A client that provokes refusals faster than it reads them is closed, not queued for.
            finish(CloseCode.POLICY, TerminalLimits.TOO_MANY_EVENTS);
        }
    }

    @Override
    public void detach() {
        finish(null, null);
    }

    /**
     * Tells the client to re-attach elsewhere: nothing more is taken from the agent, the frame in
     * flight completes, then the {@code reattach} event and a close 1001 follow. The client's own
     * offset then counts exactly what it got; the agent replays the rest to its next attach.
     */
    boolean drain() {
        return frames.drain();
    }

    /** Whether a frame has been in flight to the client longer than {@code limitNanos} as of {@code nowNanos}. */
    boolean stuck(long nowNanos, long limitNanos) {
        return frames.stuck(nowNanos, limitNanos);
    }

    /** Ends the attachment at once: the client gets {@code code} without waiting for anything in flight. */
    void abort(CloseCode code, String reason) {
        finish(code, reason);
    }

    /**
     * Ends the attachment once: lets go of every queued frame, closes the client with {@code code}
     * (null: it is already gone) and the link to the agent, whose client this was.
     */
    private void finish(CloseCode code, String reason) {
        OptionalLong at = frames.end();
        if (at.isEmpty()) {
            return;
        }
        if (code != null) {
            client.close(code, reason);
        }
        link().close();
        if (registered) {
            host.finished(this, at.getAsLong());
        }
    }
}
