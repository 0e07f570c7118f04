package io.coditect.recording;

import io.coditect.terminal.TerminalTap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One terminal's recording while it runs. The terminal's threads only copy what passes into a
 * queue (bounded by {@link RecordingSettings#pendingBytes()}: past it traffic is counted, not
 * kept, and a marker event says how much is missing); the writer thread formats the queue as
 * asciicast lines and appends them to the store in chunks, at most {@link #WRITE_BYTES} per
 * transaction, a moment after traffic arrives ({@link #FLUSH_DELAY_MILLIS}).
 *
 * <p>Threads: {@link #output}, {@link #input}, {@link #resize} and {@link #close} run on the
 * terminal's threads and synchronize on this object; {@link #flush} runs on the writer alone.
 */
final class ActiveRecording implements TerminalTap {
    static final byte[] ANNOUNCEMENT = "\r\n[this session is being recorded]\r\n".getBytes(StandardCharsets.US_ASCII);
    static final long FLUSH_DELAY_MILLIS = 100;
    static final long RETRY_DELAY_MILLIS = 1000;
    /** Text per store transaction: under the store's 500 kB, with room for the description. */
    static final int WRITE_BYTES = 400_000;
    private static final Logger LOG = Logger.getLogger(ActiveRecording.class.getName());

    private sealed interface Pending {
        long nanos();
    }

    private record Traffic(long nanos, char code, byte[] bytes) implements Pending {
    }

    private record Resize(long nanos, int cols, int rows) implements Pending {
    }

    private record Gap(long nanos, long bytes) implements Pending {
    }

    private record End(long nanos) implements Pending {
    }

    /** Where flushes run: later, or again after a store failure. */
    interface Writer {
        void schedule(Runnable flush, long delayMillis);
    }

    private final RecordingStore store;
    private final Writer writer;
    private final Clock clock;
    private final int pendingLimit;
    private final long startNanos;
    private final Consumer<ActiveRecording> ended;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    /** Guarded by this. */
    private long unrecordedRun;
    private boolean closed;

    /** The writer's. */
    private RecordingInfo info;
    private final ChunkBuffer text;
    private final Utf8Text outputText = new Utf8Text(Asciicast.OUTPUT);
    private final Utf8Text inputText = new Utf8Text(Asciicast.INPUT);
    private long lastMicros;
    private long unrecorded;
    private boolean finished;

    ActiveRecording(RecordingInfo info, byte[] header, RecordingStore store, Writer writer, Clock clock,
                    int pendingLimit, long startNanos, Consumer<ActiveRecording> ended) {
        this.info = info;
        this.text = new ChunkBuffer(header);
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.pendingLimit = pendingLimit;
        this.startNanos = startNanos;
        this.ended = ended;
    }

    String id() {
        return info.id();
    }

    @Override
    public byte[] announcement() {
        return ANNOUNCEMENT.clone();
    }

    @Override
    public void output(ByteBuffer bytes) {
        traffic(Asciicast.OUTPUT, bytes);
    }

    @Override
    public void input(ByteBuffer bytes) {
        if (info.input()) {
            traffic(Asciicast.INPUT, bytes);
        }
    }

    private synchronized void traffic(char code, ByteBuffer bytes) {
        int n = bytes.remaining();
        if (closed || n == 0) {
            return;
        }
        if (pendingBytes.get() + n > pendingLimit) {
            unrecordedRun += n;
            return;
        }
        long now = System.nanoTime();
        if (unrecordedRun > 0) {
            queue.add(new Gap(now, unrecordedRun));
            unrecordedRun = 0;
        }
        byte[] copy = new byte[n];
        bytes.duplicate().get(copy);
        pendingBytes.addAndGet(n);
        queue.add(new Traffic(now, code, copy));
        schedule(FLUSH_DELAY_MILLIS);
    }

    @Override
    public synchronized void resize(int cols, int rows) {
        if (!closed) {
            queue.add(new Resize(System.nanoTime(), cols, rows));
            schedule(FLUSH_DELAY_MILLIS);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            long now = System.nanoTime();
            if (unrecordedRun > 0) {
                queue.add(new Gap(now, unrecordedRun));
            }
            queue.add(new End(now));
            schedule(0);
        }
    }

    private void schedule(long delayMillis) {
        if (flushScheduled.compareAndSet(false, true)) {
            writer.schedule(this::flush, delayMillis);
        }
    }

    /**
     * Formats what is queued and appends it to the store. A store that fails keeps the text and
     * tries again a second later; meanwhile the queue fills to its bound.
     */
    void flush() {
        flushScheduled.set(false);
        if (finished) {
            return;
        }
        try {
            while (true) {
                // Written before more is formatted: while the store fails, text waits in the queue, which is bounded.
                if (text.unwrittenBytes() >= WRITE_BYTES && !write()) {
                    return;
                }
                Pending next = queue.poll();
                if (next == null) {
                    break;
                }
                format(next);
            }
            write();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "recording " + info.id() + " could not be written; trying again: " + e.getMessage());
            schedule(RETRY_DELAY_MILLIS);
        }
    }

    private void format(Pending pending) {
        // Threads race to the queue; times in a recording never go back.
        long micros = Math.max(lastMicros, (pending.nanos() - startNanos) / 1000);
        lastMicros = micros;
        switch (pending) {
            case Traffic traffic -> {
                pendingBytes.addAndGet(-traffic.bytes().length);
                (traffic.code() == Asciicast.OUTPUT ? outputText : inputText).event(text, micros, traffic.bytes());
            }
            case Resize resize -> Asciicast.event(text, micros, Asciicast.RESIZE, Asciicast.size(resize.cols(), resize.rows()));
            case Gap gap -> {
                unrecorded += gap.bytes();
                Asciicast.event(text, micros, Asciicast.MARKER, gap.bytes() + " bytes not recorded: the store fell behind");
            }
            case End end -> {
                outputText.finish(text, micros);
                inputText.finish(text, micros);
                info = info.progressed(info.bytes(), info.unrecordedBytes(), clock.instant());
                finished = true;
            }
        }
    }

    /** Appends the pending chunks; false when the recording is gone from the store (then it stops). */
    private boolean write() {
        List<byte[]> chunks = text.pending();
        RecordingInfo now = info.progressed(text.total(), unrecorded, info.endedAt());
        boolean kept = store.append(now, text.firstPendingIndex(), chunks);
        text.written();
        info = now;
        if (!kept) {
            LOG.info(() -> "recording " + info.id() + " was cleared while it ran (retention); it stops here");
            finished = true;
            queue.clear();
        }
        if (finished) {
            ended.accept(this);
        }
        return kept;
    }
}
