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
}
