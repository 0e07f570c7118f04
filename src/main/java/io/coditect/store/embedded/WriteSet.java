package io.coditect.store.embedded;

import io.coditect.store.UnsignedBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The writes of one transaction before commit: point writes (a null value is a clear) and cleared
 * ranges. A later write wins over an earlier clear, so reads through it see the transaction's own
 * writes in order.
 */
final class WriteSet {
    record Range(byte[] begin, byte[] end) {
        boolean contains(byte[] key) {
            return UnsignedBytes.inRange(key, begin, end);
        }
    }

    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(UnsignedBytes.ORDER);
    private final List<Range> clearedRanges = new ArrayList<>();
    /** Versionstamped sets, keys still with their placeholder and offset: completed at commit. */
    private final List<Map.Entry<byte[], byte[]>> versionstamped = new ArrayList<>();

    void set(byte[] key, byte[] value) {
        writes.put(key.clone(), value.clone());
    }

    void clear(byte[] key) {
        writes.put(key.clone(), null);
    }

    void clearRange(byte[] begin, byte[] end) {
        if (UnsignedBytes.compare(begin, end) >= 0) {
            return;
        }
        writes.subMap(begin, true, end, false).clear();
        clearedRanges.add(new Range(begin.clone(), end.clone()));
    }

    void setVersionstamped(byte[] keyWithOffset, byte[] value) {
        versionstamped.add(Map.entry(keyWithOffset.clone(), value.clone()));
    }

    List<Map.Entry<byte[], byte[]>> versionstamped() {
        return versionstamped;
    }

    /** Whether this transaction decided the key: written, cleared, or inside a cleared range. */
    boolean decides(byte[] key) {
        return writes.containsKey(key) || clearedByRange(key);
    }

    /** The key's value as this transaction left it; only meaningful when {@link #decides} is true. */
    byte[] valueOf(byte[] key) {
        return writes.get(key);
    }

    boolean clearedByRange(byte[] key) {
        for (Range range : clearedRanges) {
            if (range.contains(key)) {
                return true;
            }
        }
        return false;
    }

    NavigableMap<byte[], byte[]> writesIn(byte[] begin, byte[] end) {
        return writes.subMap(begin, true, end, false);
    }

    List<Range> clearedRanges() {
        return clearedRanges;
    }

    Iterable<Map.Entry<byte[], byte[]>> writes() {
        return writes.entrySet();
    }

    boolean isEmpty() {
        return writes.isEmpty() && clearedRanges.isEmpty() && versionstamped.isEmpty();
    }
}
