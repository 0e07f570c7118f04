package io.coditect.store;

import java.util.List;
import java.util.Optional;

/** Reads inside a transaction. Ranges are half-open, {@code [begin, end)}, in key order. */
public interface ReadTransaction {
    Optional<byte[]> get(byte[] key);

    /** At most {@code limit} pairs from the range, in ascending key order; {@code limit <= 0} means all. */
    List<KeyValue> getRange(byte[] begin, byte[] end, int limit);

    default List<KeyValue> getRange(byte[] begin, byte[] end) {
        return getRange(begin, end, 0);
    }
}
