package io.coditect.store;

/** A read-write transaction: its writes are visible to its own reads and to others after commit. */
public interface Transaction extends ReadTransaction {
    void set(byte[] key, byte[] value);

    void clear(byte[] key);

    /** Clears every key in {@code [begin, end)}. */
    void clearRange(byte[] begin, byte[] end);
}
