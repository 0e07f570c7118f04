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

    /**
     * Sets a key whose incomplete versionstamp becomes this transaction's commit version
     * (FoundationDB's {@code SET_VERSIONSTAMPED_KEY}): keys made so are unique across every server
     * writing the store and ordered as their transactions committed. {@code key} comes from
     * {@code Subspace.packWithVersionstamp} or {@code Tuple.packWithVersionstamp} (the key's bytes
     * followed by the stamp's offset as 4 little-endian bytes). The key is known only at commit, so
     * this transaction cannot read it back. The stamp is 10 bytes: the commit version (8 bytes, big
     * endian) and the transaction's order within its commit batch (2 bytes); the tuple's user version
     * tells apart several such keys of one transaction.
     *
     * @throws IllegalArgumentException when the key holds no stamp offset or the key or value break a limit
     */
    void setVersionstampedKey(byte[] key, byte[] value);
}
