package io.coditect.terminal.engine;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The most recent output of one terminal. Every byte ever written has a 64-bit offset; the ring
 * keeps the bytes from {@link #start()} (inclusive) to {@link #end()} (exclusive), at most
 * {@link #capacity()} of them. Its buffer starts at {@value #INITIAL_BYTES} bytes and doubles as
 * output arrives, up to the capacity: an idle terminal holds little more than what it printed.
 * Not thread-safe: its terminal guards it.
 */
public final class OutputRing {
    static final int INITIAL_BYTES = 4096;

    /** Where appended bytes come from: copies {@code length} bytes, from its own {@code offset} on, into {@code target}. */
    @FunctionalInterface
    public interface Source {
        void copy(long offset, byte[] target, int targetOffset, int length);
    }

    private final int capacity;
    private byte[] buffer;
    private long end;
    private int size;

    public OutputRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.buffer = new byte[Math.min(capacity, INITIAL_BYTES)];
    }

    /** A ring restored from a snapshot: {@code contents} are the bytes that end just before {@code end}. */
    public static OutputRing restore(int capacity, long end, byte[] contents) {
        if (end < contents.length) {
            throw new IllegalArgumentException("end " + end + " is before the " + contents.length + " bytes it ends");
        }
        OutputRing ring = new OutputRing(capacity);
        ring.end = end - contents.length;
        ring.append(contents, 0, contents.length);
        return ring;
    }

    /** The most bytes the ring keeps. */
    public int capacity() {
        return capacity;
    }

    /** The bytes its buffer has now. */
    int allocated() {
        return buffer.length;
    }

    /** Where a client's replay starts, and whether output it asked for is gone. */
    record Replay(long from, boolean truncated) {
    }

    /** Where a client that asks for {@code requested} (none: all there is) starts, within what the ring holds. */
    Replay replayFrom(OptionalLong requested) {
        long wanted = requested.orElse(0);
        return new Replay(Math.max(start(), Math.min(wanted, end)), wanted < start());
    }

    /** Offset of the oldest byte still held. */
    public long start() {
        return end - size;
    }

    /** Offset the next appended byte gets (the total number of bytes ever appended). */
    public long end() {
        return end;
    }

    /** Appends bytes; the oldest fall out when the ring is full. */
    public void append(byte[] source, int offset, int length) {
        append((from, target, at, n) -> System.arraycopy(source, offset + (int) from, target, at, n), length);
    }

    /** Appends {@code length} bytes of {@code source} (a native buffer, say) with one copy. */
    public void append(Source source, int length) {
        long skipped = 0;
        if (length > capacity) {
            // Only the last capacity bytes can stay.
            skipped = length - capacity;
            end += skipped;
            length = capacity;
        }
        grow((long) size + length);
        int position = index(end);
        int first = Math.min(length, buffer.length - position);
        source.copy(skipped, buffer, position, first);
        source.copy(skipped + first, buffer, 0, length - first);
        end += length;
        size = (int) Math.min(buffer.length, (long) size + length);
    }

    /**
     * Copies up to {@code max} bytes starting at offset {@code from} into a new buffer.
     *
     * @throws IllegalArgumentException when {@code from} is before {@link #start()} or after {@link #end()}
     */
    public ByteBuffer read(long from, int max) {
        if (from < start() || from > end) {
            throw new IllegalArgumentException("offset " + from + " is outside [" + start() + ", " + end + "]");
        }
        int length = (int) Math.min(max, end - from);
        byte[] copy = new byte[length];
        copyOut(buffer, from, copy, length);
        return ByteBuffer.wrap(copy);
    }

    /** Everything the ring holds, oldest first (for a snapshot). */
    public byte[] contents() {
        return read(start(), size).array();
    }

    /**
     * What {@link #read} would see from {@code from} to the current end, to copy later without the
     * terminal's lock: {@link View#copy} finds out whether appends overwrote it meanwhile.
     */
    View view(long from) {
        if (from < start() || from > end) {
            throw new IllegalArgumentException("offset " + from + " is outside [" + start() + ", " + end + "]");
        }
        return new View(buffer, from, end);
    }

    /**
     * A stretch of the ring as it was, for a copy taken without the lock. Appends only write after
     * the view's end, so its bytes stay intact until the ring wraps onto them, which moves
     * {@link #start()} past the view's start (and a grown ring leaves the old buffer untouched).
     */
    record View(byte[] buffer, long from, long to) {
        /** The bytes; trust them only from {@link #intactFrom} on. */
        byte[] copy() {
            byte[] copy = new byte[(int) (to - from)];
            copyOut(buffer, from, copy, copy.length);
            return copy;
        }

        /**
         * The offset from which a copy taken before the ring's start was {@code startNow} (read
         * under the lock afterwards) holds the output: {@link #from} when the ring did not wrap onto
         * it meanwhile, else {@code startNow} (an append overwrites a byte only as the start passes
         * it), at most {@link #to}.
         */
        long intactFrom(long startNow) {
            return Math.min(Math.max(from, startNow), to);
        }
    }

    private static void copyOut(byte[] buffer, long from, byte[] copy, int length) {
        int position = (int) Math.floorMod(from, (long) buffer.length);
        int first = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, copy, 0, first);
        System.arraycopy(buffer, 0, copy, first, length - first);
    }

    /** Makes room for {@code needed} bytes (up to the capacity), keeping every held byte at its offset. */
    private void grow(long needed) {
        if (needed <= buffer.length || buffer.length == capacity) {
            return;
        }
        int length = (int) Math.min(capacity, Math.max(needed, 2L * buffer.length));
        byte[] held = contents();
        buffer = new byte[length];
        int position = index(start());
        int first = Math.min(held.length, length - position);
        System.arraycopy(held, 0, buffer, position, first);
        System.arraycopy(held, first, buffer, 0, held.length - first);
    }

    private int index(long offset) {
        return (int) Math.floorMod(offset, (long) buffer.length);
    }
}
