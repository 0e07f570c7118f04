package io.coditect.terminal.engine;

import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.ClientOutbox;
import io.coditect.terminal.TerminalPhase;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.terminal.wire.TerminalLimits;
import io.coditect.terminal.wire.WireEvents;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One client of a {@link LocalTerminal}: its cursor (the offset of its next unsent byte) and the
 * events due at given offsets, sent through its {@link ClientOutbox}. A frame carries everything
 * pending up to {@link TerminalSettings#OUTPUT_FRAME} bytes, so output read in one turn of the loop
 * leaves as one frame and a keystroke's echo leaves as soon as it is read. The terminal's lock
 * guards the fields; sends happen outside it.
 */
final class AttachedClient implements Attachment, ClientOutbox.Source {
    private static final Logger LOG = Logger.getLogger(AttachedClient.class.getName());
    private final LocalTerminal terminal;
    private final ClientOutbox outbox;
    private final ArrayDeque<PendingEvent> events = new ArrayDeque<>(2);
    private long cursor;
    private boolean gone;
    private boolean finished;
    /** When the client attached, until its first frame was written (then 0). */
    private long attachedNanos = System.nanoTime();

    /** A text event to send once the client's cursor reaches {@code offset}; {@code last}: the exit. */
    private record PendingEvent(long offset, String json, boolean last) implements ClientOutbox.Frame {
        @Override
        public void send(ClientChannel channel, Consumer<Throwable> done) {
            channel.sendEvent(json, done);
        }
    }

    /** Output from the ring, {@code length} bytes from the client's cursor. */
    private record Output(ByteBuffer bytes, int length) implements ClientOutbox.Frame {
        @Override
        public void send(ClientChannel channel, Consumer<Throwable> done) {
            channel.sendOutput(bytes, done);
        }
    }

    AttachedClient(LocalTerminal terminal, ClientChannel channel, long startOffset) {
        this.terminal = terminal;
        this.outbox = new ClientOutbox(channel, terminal.lock, this);
        this.cursor = startOffset;
    }

    ClientChannel channel() {
        return outbox.channel();
    }

    /** Lock held. */
    long cursor() {
        return cursor;
    }

    /** Lock held: marks the client gone; false if it was already. */
    boolean leave() {
        if (gone) {
            return false;
        }
        gone = true;
        outbox.end();
        return true;
    }

    /** Lock held. */
    void queueEvent(long offset, String json) {
        events.add(new PendingEvent(offset, json, false));
    }

    /** Lock held. */
    void queueExit(int code) {
        events.add(new PendingEvent(terminal.ring.end(), WireEvents.exit(code), true));
    }

    @Override
    public void input(ByteBuffer bytes) {
        if (!gone) {
            terminal.input(this, bytes);
        }
    }

    @Override
    public void resize(int newCols, int newRows) {
        if (!gone) {
            terminal.resize(newCols, newRows);
        }
    }

    @Override
    public void refuse(String code, String message) {
        boolean overflowing;
        terminal.lock.lock();
        try {
            if (gone) {
                return;
            }
            overflowing = events.size() >= TerminalLimits.MAX_QUEUED_EVENTS;
            if (!overflowing) {
                events.add(new PendingEvent(cursor, WireEvents.error(code, message), false));
            }
        } finally {
            terminal.lock.unlock();
        }
        if (overflowing) {
            LOG.info(() -> "A client of terminal " + terminal.id() + " left " + TerminalLimits.MAX_QUEUED_EVENTS
                    + " refusals of its frames unread and was disconnected (1008 " + TerminalLimits.TOO_MANY_EVENTS + ")");
            terminal.remove(this, CloseCode.POLICY, TerminalLimits.TOO_MANY_EVENTS);
            return;
        }
        pump();
    }

    @Override
    public void detach() {
        terminal.remove(this, null, null);
    }

    /** Sends the next frame if none is in flight. */
    void pump() {
        outbox.pump();
    }

    /** Lock held: an event due at the cursor, else output up to the next event, else the close after the exit. */
    @Override
    public ClientOutbox.Frame next() {
        OutputRing ring = terminal.ring;
        PendingEvent head = events.peek();
        if (head != null && head.offset() <= cursor) {
            return events.poll();
        }
        long limit = head == null ? ring.end() : Math.min(ring.end(), head.offset());
        if (cursor < limit) {
            ByteBuffer output = ring.read(cursor, (int) Math.min(TerminalSettings.OUTPUT_FRAME, limit - cursor));
            return new Output(output, output.remaining());
        }
        return finished ? new ClientOutbox.Close(CloseCode.NORMAL, "exited") : null;
    }

    @Override
    public Runnable sent(ClientOutbox.Frame frame, Throwable failure) {
        if (failure != null) {
            return () -> terminal.remove(this, null, null);
        }
        int bytes = frame instanceof Output output ? output.length() : 0;
        cursor += bytes;
        finished |= frame instanceof PendingEvent event && event.last();
        boolean resume = terminal.drainedEnough();
        long attachTook = attachedNanos == 0 ? 0 : System.nanoTime() - attachedNanos;
        attachedNanos = 0;
        return () -> {
            if (attachTook > 0) {
                terminal.listener.phase(TerminalPhase.ATTACH, attachTook);
            }
            if (resume) {
                terminal.resumeReading();
            }
            if (bytes > 0) {
                terminal.listener.sent(bytes);
            }
            pump();
        };
    }

    @Override
    public void close(ClientOutbox.Close close) {
        terminal.remove(this, close.code(), close.reason());
    }

    /** Disconnects the client when it is stuck behind a frame (4001), pings it when it has been idle. */
    void sweep(long nowNanos) {
        if (outbox.stuck(nowNanos, terminal.settings.slowClientTimeout().toNanos())) {
            terminal.remove(this, CloseCode.SLOW_CLIENT, "slow_client");
        } else {
            outbox.pingIfIdle(nowNanos, terminal.settings.pingInterval().toNanos());
        }
    }
}
