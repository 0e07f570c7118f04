package io.coditect.testing;

import io.coditect.terminal.ClientChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client connection that records what it is sent (the terminal tests' one fake channel). Its
 * sends complete at once, or while {@link #hold} is set only when the test releases them, one by
 * one or all together.
 */
public class RecordingChannel implements ClientChannel {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final List<Integer> outputFrames = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long completed;
    public volatile boolean hold;
    public volatile int closeCode;

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
            outputFrames.add(length);
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
    public void releaseOne() {
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

    /** Sends not completed yet. */
    public synchronized int held() {
        return pending.size();
    }

    /** The size of each output frame, in the order they were sent. */
    public synchronized List<Integer> outputFrames() {
        return List.copyOf(outputFrames);
    }

    /** Output bytes of the oldest held send; -1 when none is held. */
    public synchronized int nextHeldBytes() {
        return pending.isEmpty() ? -1 : pending.peek().bytes();
    }

    /** Stops holding and completes every held send. */
    public void release() {
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
    public synchronized long completed() {
        return completed;
    }

    public synchronized int size() {
        return received.size();
    }

    public synchronized String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    public synchronized byte[] bytes() {
        return received.toByteArray();
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The offset after the last byte received: the attached event's offset plus the bytes since. */
    public synchronized long offset() {
        String attached = events.stream().filter(e -> e.contains("\"attached\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("not attached yet"));
        return Long.parseLong(attached.replaceAll(".*\"offset\":(\\d+).*", "$1")) + received.size();
    }
}
