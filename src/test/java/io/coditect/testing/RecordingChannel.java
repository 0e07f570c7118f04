package io.coditect.terminal.engine;

import io.coditect.terminal.ClientChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client connection that records what it is sent. Its sends complete at once, or while
 * {@link #hold} is set only when the test releases them, one by one or all together.
 */
final class RecordingChannel implements ClientChannel {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long completed;
    volatile boolean hold;
    volatile int closeCode;

    /** A send not completed yet, and how many output bytes it carries. */
    private record Pending(int bytes, Consumer<Throwable> done) {
    }

    @Override
    public void sendOutput(ByteBuffer bytes, Consumer<Throwable> done) {
        int length = bytes.remaining();
        synchronized (this) {
            byte[] copy = new byte[length];
            bytes.get(copy);
            received.write(copy, 0, copy.length);
        }
        complete(length, done);
    }

    @Override
    public void sendEvent(String json, Consumer<Throwable> done) {
        synchronized (this) {
            events.add(json);
        }
        complete(0, done);
    }

    @Override
    public void sendPing(Consumer<Throwable> done) {
        complete(0, done);
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }

    private void complete(int bytes, Consumer<Throwable> done) {
        synchronized (this) {
            if (hold) {
                pending.add(new Pending(bytes, done));
                return;
            }
            completed += bytes;
        }
        done.accept(null);
    }

    /** Completes the oldest held send. */
    void releaseOne() {
        Pending next;
        synchronized (this) {
            next = pending.poll();
            if (next == null) {
                throw new IllegalStateException("no send is held");
            }
            completed += next.bytes();
        }
        next.done().accept(null);
    }

    /** Output bytes of the oldest held send; -1 when none is held. */
    synchronized int nextHeldBytes() {
        return pending.isEmpty() ? -1 : pending.peek().bytes();
    }

    /** Stops holding and completes every held send. */
    void release() {
        List<Pending> waiting;
        synchronized (this) {
            hold = false;
            waiting = List.copyOf(pending);
            pending.clear();
            waiting.forEach(p -> completed += p.bytes());
        }
        waiting.forEach(p -> p.done().accept(null));
    }

    /** Output bytes whose sends have completed. */
    synchronized long completed() {
        return completed;
    }

    synchronized int size() {
        return received.size();
    }

    synchronized String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
