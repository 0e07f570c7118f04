package io.coditect.terminal;

import java.nio.ByteBuffer;

/**
 * The most recent output of one terminal. Every byte ever written has a 64-bit offset; the ring
 * keeps the bytes from {@link #start()} (inclusive) to {@link #end()} (exclusive), at most
 * {@link #capacity()} of them. Not thread-safe: its terminal guards it.
 */
public final class OutputRing {
    private final byte[] buffer;
    private long end;
    private int size;

    public OutputRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.buffer = new byte[capacity];
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

    public int capacity() {
        return buffer.length;
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
        if (length > buffer.length) {
            // Only the last capacity bytes can stay.
            end += length - buffer.length;
            offset += length - buffer.length;
            length = buffer.length;
        }
        int position = index(end);
        int first = Math.min(length, buffer.length - position);
        System.arraycopy(source, offset, buffer, position, first);
        System.arraycopy(source, offset + first, buffer, 0, length - first);
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
        int position = index(from);
        int first = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, copy, 0, first);
        System.arraycopy(buffer, 0, copy, first, length - first);
        return ByteBuffer.wrap(copy);
    }

    /** Everything the ring holds, oldest first (for a snapshot). */
    public byte[] contents() {
        return read(start(), size).array();
    }

    private int index(long offset) {
        return (int) Math.floorMod(offset, (long) buffer.length);
    }
}
