package io.coditect.terminal;

import io.coditect.terminal.wire.CloseCode;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * The frames on their way to one attached client, for a local terminal's clients and a gateway's
 * relayed ones alike: at most one frame in flight (its completion sends the next, which is what
 * flow control counts on), when it left (a client stuck behind it is found by {@link #stuck}), when
 * the last one was sent (an idle client gets a keepalive ping, {@link #pingIfIdle}).
 *
 * <p>What to send next and what a sent frame means belong to the {@link Source}: a local client
 * reads its terminal's output ring from its cursor, a relayed one takes the agent's frames from a
 * queue. The source's lock guards the outbox too, so the source decides and the outbox marks the
 * frame in flight in one step; sends and what follows them happen outside it.
 */
public final class ClientOutbox {
    /** A keepalive ping: nothing to the client's stream, only proof that it still reads. */
    public static final Frame PING = (channel, done) -> channel.sendPing(done);

    private final ClientChannel channel;
    private final Lock lock;
    private final Source source;
    private boolean inFlight;
    private long inFlightSinceNanos;
    private long lastSendNanos = System.nanoTime();
    private boolean ended;

    /** Something to send to the client. */
    @FunctionalInterface
    public interface Frame {
        void send(ClientChannel channel, Consumer<Throwable> done);

        static Frame output(ByteBuffer bytes) {
            return (channel, done) -> channel.sendOutput(bytes, done);
        }

        static Frame event(String json) {
            return (channel, done) -> channel.sendEvent(json, done);
        }
    }

    /** The last frame: the client's connection is closed with {@code code} rather than sent anything. */
    public record Close(CloseCode code, String reason) implements Frame {
        @Override
        public void send(ClientChannel channel, Consumer<Throwable> done) {
            throw new IllegalStateException("a close is not sent as a frame");
        }
    }

    /** Where an outbox's frames come from and what sending them means. */
    public interface Source {
        /** Lock held: the next frame due, or null when nothing is. */
        Frame next();

        /**
         * Lock held: {@code frame} was sent ({@code failure} null) or could not be; returns what to
         * do once the lock is released (typically sending the next frame), or null.
         */
        Runnable sent(Frame frame, Throwable failure);

        /** Lock not held: {@link #next} returned {@code close}; nothing more is sent. */
        void close(Close close);
    }

    public ClientOutbox(ClientChannel channel, Lock lock, Source source) {
        this.channel = channel;
        this.lock = lock;
        this.source = source;
    }

    public ClientChannel channel() {
        return channel;
    }

    /** Sends the next frame if none is in flight. */
    public void pump() {
        Frame next;
        lock.lock();
        try {
            if (ended || inFlight) {
                return;
            }
            next = source.next();
            if (next == null) {
                return;
            }
            if (next instanceof Close) {
                ended = true;
            } else {
                inFlight = true;
                inFlightSinceNanos = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
        if (next instanceof Close close) {
            source.close(close);
        } else {
            next.send(channel, failure -> sent(next, failure));
        }
    }

    private void sent(Frame frame, Throwable failure) {
        Runnable then;
        lock.lock();
        try {
            inFlight = false;
            lastSendNanos = System.nanoTime();
            then = source.sent(frame, failure);
        } finally {
            lock.unlock();
        }
        if (then != null) {
            then.run();
        }
    }

    /** Nothing more is sent from now on; the frame in flight, if any, still completes. */
    public void end() {
        lock.lock();
        try {
            ended = true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a frame has been in flight longer than {@code limitNanos} as of {@code nowNanos}. */
    public boolean stuck(long nowNanos, long limitNanos) {
        lock.lock();
        try {
            return !ended && inFlight && nowNanos - inFlightSinceNanos > limitNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Sends a {@link #PING} when nothing has been sent for {@code intervalNanos} and nothing is in flight. */
    public void pingIfIdle(long nowNanos, long intervalNanos) {
        lock.lock();
        try {
            if (ended || inFlight || nowNanos - lastSendNanos < intervalNanos) {
                return;
            }
            inFlight = true;
            inFlightSinceNanos = nowNanos;
        } finally {
            lock.unlock();
        }
        PING.send(channel, failure -> sent(PING, failure));
    }
}
