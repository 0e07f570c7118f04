package io.coditect.recording;

import io.coditect.store.ChunkedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tail of one recording's text that the store has not got whole yet: the chunks filled since
 * the last write, and the one being filled (written again, longer, by each write until it is full).
 * Memory stays at the filled chunks of one write plus one chunk. Event lines are written straight
 * into it ({@link Asciicast}, {@link Utf8Text}), a byte or a run of bytes at a time.
 */
final class ChunkBuffer {
    private final List<byte[]> filled = new ArrayList<>();
    private byte[] current = new byte[ChunkedValue.CHUNK_BYTES];
    private int fill;
    /** The index of {@link #current} in the recording. */
    private long index;
    private long total;

    /** Continues a recording whose first {@code length} bytes are chunk 0 (its header). */
    ChunkBuffer(byte[] first) {
        if (first.length >= ChunkedValue.CHUNK_BYTES) {
            throw new IllegalArgumentException("the first chunk must have room left");
        }
        append(first, 0, first.length);
    }

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    void append(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int n = Math.min(end - at, current.length - fill);
            System.arraycopy(bytes, at, current, fill, n);
            fill += n;
            at += n;
            if (fill == current.length) {
                next();
            }
        }
        total += length;
    }

    /** Appends one byte (the low eight bits of {@code b}). */
    void append(int b) {
        current[fill++] = (byte) b;
        if (fill == current.length) {
            next();
        }
        total++;
    }

    private void next() {
        filled.add(current);
        current = new byte[ChunkedValue.CHUNK_BYTES];
        fill = 0;
        index++;
    }

    /** Bytes in chunks filled since the last {@link #written}. */
    int unwrittenBytes() {
        return filled.size() * ChunkedValue.CHUNK_BYTES + fill;
    }

    /** The index of the first chunk {@link #pending} returns. */
    long firstPendingIndex() {
        return index - filled.size();
    }

    /** The chunks to write: those filled since the last write, then the one being filled, if it holds anything. */
    List<byte[]> pending() {
        List<byte[]> chunks = new ArrayList<>(filled);
        if (fill > 0) {
            chunks.add(Arrays.copyOf(current, fill));
        }
        return chunks;
    }

    /** What {@link #pending} returned is in the store. */
    void written() {
        filled.clear();
    }

    /** All bytes of the recording's text so far. */
    long total() {
        return total;
    }
}
