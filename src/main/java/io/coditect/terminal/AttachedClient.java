package io.coditect.terminal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.logging.Logger;

/**
 * One client of a {@link LocalTerminal}: its cursor (the offset of its next unsent byte), the
 * events due at given offsets, and its one frame in flight. A frame carries everything pending up
 * to {@link TerminalSettings#OUTPUT_FRAME} bytes, so output read in one turn of the loop leaves as
 * one frame and a keystroke's echo leaves as soon as it is read. The terminal's lock guards the
 * fields; sends happen outside it.
 */
final class AttachedClient implements Attachment {
    private static final Logger LOG = Logger.getLogger(AttachedClient.class.getName());
    /** The close reason for a client that let {@link TerminalLimits#MAX_QUEUED_EVENTS} pile up. */
    static final String TOO_MANY_EVENTS = "too_many_events";
    private final LocalTerminal terminal;
    private final ClientChannel channel;
    private final ArrayDeque<PendingEvent> events = new ArrayDeque<>(2);
    private long cursor;
    private boolean inFlight;
    private long inFlightSinceNanos;
    private long lastSendNanos = System.nanoTime();
    private boolean gone;
    private boolean finished;
    /** When the client attached, until its first frame was written (then 0). */
    private long attachedNanos = System.nanoTime();

    /** A text event to send once the client's cursor reaches {@code offset}. */
    private record PendingEvent(long offset, String json, boolean last) {
    }

    AttachedClient(LocalTerminal terminal, ClientChannel channel, long startOffset) {
        this.terminal = terminal;
        this.channel = channel;
        this.cursor = startOffset;
    }

    ClientChannel channel() {
        return channel;
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
                    + " refusals of its frames unread and was disconnected (1008 " + TOO_MANY_EVENTS + ")");
            terminal.remove(this, AttachConnection.CLOSE_POLICY, TOO_MANY_EVENTS);
            return;
        }
        pump();
    }

    @Override
    public void detach() {
        terminal.remove(this, 0, null);
    }

    /** Sends the next frame if none is in flight. */
    void pump() {
        PendingEvent event = null;
        ByteBuffer output = null;
        boolean closeNow = false;
        terminal.lock.lock();
        try {
            if (inFlight || gone) {
                return;
            }
            OutputRing ring = terminal.ring;
            PendingEvent head = events.peek();
            if (head != null && head.offset() <= cursor) {
                event = events.poll();
            } else {
                long limit = head == null ? ring.end() : Math.min(ring.end(), head.offset());
                if (cursor < limit) {
                    output = ring.read(cursor, (int) Math.min(TerminalSettings.OUTPUT_FRAME, limit - cursor));
                } else if (finished) {
                    closeNow = true;
                } else {
                    return;
                }
            }
            if (!closeNow) {
                inFlight = true;
                inFlightSinceNanos = System.nanoTime();
            }
        } finally {
            terminal.lock.unlock();
        }
        if (closeNow) {
            terminal.remove(this, LocalTerminal.CLOSE_NORMAL, "exited");
        } else if (event != null) {
            boolean last = event.last();
            channel.sendEvent(event.json(), failure -> sent(failure, 0, last));
        } else {
            int length = output.remaining();
            channel.sendOutput(output, failure -> sent(failure, length, false));
        }
    }

    private void sent(Throwable failure, int bytes, boolean last) {
        if (failure != null) {
            terminal.remove(this, 0, null);
            return;
        }
        boolean resume;
        long attachTook;
        terminal.lock.lock();
        try {
            inFlight = false;
            cursor += bytes;
            lastSendNanos = System.nanoTime();
            finished |= last;
            resume = terminal.drainedEnough();
            attachTook = attachedNanos == 0 ? 0 : lastSendNanos - attachedNanos;
            attachedNanos = 0;
        } finally {
            terminal.lock.unlock();
        }
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
    }

    void sweep(long nowNanos) {
        boolean stuck;
        boolean idle;
        terminal.lock.lock();
        try {
            if (gone) {
                return;
            }
            stuck = inFlight && nowNanos - inFlightSinceNanos > terminal.settings.slowClientTimeout().toNanos();
            idle = !inFlight && nowNanos - lastSendNanos >= terminal.settings.pingInterval().toNanos();
            if (idle) {
                inFlight = true;
                inFlightSinceNanos = nowNanos;
            }
        } finally {
            terminal.lock.unlock();
        }
        if (stuck) {
            terminal.remove(this, LocalTerminal.CLOSE_SLOW_CLIENT, "slow_client");
        } else if (idle) {
            channel.sendPing(failure -> sent(failure, 0, false));
        }
    }
}
