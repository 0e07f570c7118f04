package io.coditect.store;

import com.apple.foundationdb.Range;
import java.util.List;
import java.util.Optional;

/** Reads inside a transaction. Ranges are half-open, {@code [begin, end)}, in key order. */
public interface ReadTransaction {
    Optional<byte[]> get(byte[] key);

    /**
     * The values of several keys, in the order asked, in one round trip: FoundationDB sends the
     * reads at once and waits for them together, where one {@link #get} after another waits for
     * each in turn. Use it whenever the keys are known before the first answer.
     */
    default List<Optional<byte[]>> getAll(List<byte[]> keys) {
        return keys.stream().map(this::get).toList();
    }

    /** At most {@code limit} pairs from the range, in ascending key order; {@code limit <= 0} means all. */
    List<KeyValue> getRange(byte[] begin, byte[] end, int limit);

    default List<KeyValue> getRange(byte[] begin, byte[] end) {
        return getRange(begin, end, 0);
    }

    /** Every pair in a range such as {@code subspace.range()}. */
    default List<KeyValue> getRange(Range range) {
        return getRange(range.begin, range.end, 0);
    }

    default List<KeyValue> getRange(Range range, int limit) {
        return getRange(range.begin, range.end, limit);
    }
}
