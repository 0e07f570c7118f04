package io.coditect.store;

import com.apple.foundationdb.Range;

/** A read-write transaction: its writes are visible to its own reads, and to others after commit. */
public interface Transaction extends ReadTransaction {
    void set(byte[] key, byte[] value);

    void clear(byte[] key);

    /** Clears every key in {@code [begin, end)}. */
    void clearRange(byte[] begin, byte[] end);

    /** Clears a range such as {@code subspace.range()}: one workspace is one such range. */
    default void clearRange(Range range) {
        clearRange(range.begin, range.end);
    }

    /**
     * Reads of this transaction that add no read conflict: another transaction changing what they
     * saw does not make this one fail and run again. For reads whose staleness does no harm, such
     * as finding expired entries to clear. They see this transaction's own writes.
     */
    ReadTransaction snapshot();

    /**
     * Sets {@code key} to the larger of its value and {@code value} without reading it, so that
     * concurrent maxes never conflict (FoundationDB's {@code MAX} mutation). The value is stored as
     * an 8-byte little-endian unsigned number ({@link AtomicNumbers}); a missing key counts as 0.
     *
     * @throws IllegalArgumentException when {@code value} is negative (the comparison is unsigned)
     */
    void max(byte[] key, long value);
}
