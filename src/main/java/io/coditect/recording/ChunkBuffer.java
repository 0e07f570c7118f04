package io.coditect.recording;

import io.coditect.store.ChunkedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tail of one recording's text that the store has not got whole yet: the chunks filled since
 * the last write, and the one being filled (written again, longer, by each write until it is full).
 * Memory stays at the filled chunks of one write plus one chunk.
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
        append(first, first.length);
    }

    void append(byte[] bytes, int length) {
        int at = 0;
        while (at < length) {
            int n = Math.min(length - at, current.length - fill);
            System.arraycopy(bytes, at, current, fill, n);
            fill += n;
            at += n;
            if (fill == current.length) {
                filled.add(current);
                current = new byte[ChunkedValue.CHUNK_BYTES];
                fill = 0;
                index++;
            }
        }
        total += length;
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
