package io.coditect.store.embedded;

import io.coditect.store.AtomicNumbers;
import io.coditect.store.KeyValue;
import io.coditect.store.Limits;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import io.coditect.store.UnsignedBytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.RootReference;

/**
 * One transaction on the embedded store: reads go to one snapshot of the tree overlaid with this
 * transaction's own writes; writes wait in a {@link WriteSet} until commit. With
 * {@code writeSet == null} it is a read-only view.
 */
final class EmbeddedTransaction implements Transaction {
    private final MVMap<byte[], byte[]> map;
    private final RootReference<byte[], byte[]> snapshot;
    private final WriteSet writeSet;
    private final Limits limits = new Limits();
    private final long deadlineNanos;
    private final long timeoutMillis;

    EmbeddedTransaction(MVMap<byte[], byte[]> map, RootReference<byte[], byte[]> snapshot, WriteSet writeSet,
                        long deadlineNanos, long timeoutMillis) {
        this.map = map;
        this.snapshot = snapshot;
        this.writeSet = writeSet;
        this.deadlineNanos = deadlineNanos;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        checkTime();
        Limits.checkKey(key);
        if (writeSet != null && writeSet.decides(key)) {
            byte[] value = writeSet.valueOf(key);
            return Optional.ofNullable(value == null ? null : value.clone());
        }
        byte[] value = fromFile(() -> map.get(snapshot.root, key));
        return Optional.ofNullable(value == null ? null : value.clone());
    }

    @Override
    public List<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
        checkTime();
        Limits.checkKey(begin);
        Limits.checkKey(end);
        List<KeyValue> result = new ArrayList<>();
        if (UnsignedBytes.compare(begin, end) >= 0) {
            return result;
        }
        return fromFile(() -> merge(begin, end, limit, result));
    }

    /** The snapshot's keys merged with this transaction's own writes, in key order. */
    private List<KeyValue> merge(byte[] begin, byte[] end, int limit, List<KeyValue> result) {
        Cursor<byte[], byte[]> stored = new Cursor<>(snapshot, begin, null);
        Iterator<Map.Entry<byte[], byte[]>> own = writeSet == null
                ? Collections.emptyIterator()
                : writeSet.writesIn(begin, end).entrySet().iterator();
        byte[] storedKey = nextStored(stored, end);
        Map.Entry<byte[], byte[]> ownEntry = own.hasNext() ? own.next() : null;
        while ((storedKey != null || ownEntry != null) && (limit <= 0 || result.size() < limit)) {
            int order = storedKey == null ? 1 : ownEntry == null ? -1 : UnsignedBytes.compare(storedKey, ownEntry.getKey());
            if (order < 0) {
                result.add(new KeyValue(storedKey.clone(), stored.getValue().clone()));
                storedKey = nextStored(stored, end);
            } else {
                if (ownEntry.getValue() != null) {
                    result.add(new KeyValue(ownEntry.getKey().clone(), ownEntry.getValue().clone()));
                }
                if (order == 0) {
                    storedKey = nextStored(stored, end);
                }
                ownEntry = own.hasNext() ? own.next() : null;
            }
        }
        return result;
    }

    /** The next stored key before {@code end} that this transaction has not overwritten or cleared. */
    private byte[] nextStored(Cursor<byte[], byte[]> cursor, byte[] end) {
        while (cursor.hasNext()) {
            byte[] key = cursor.next();
            if (UnsignedBytes.compare(key, end) >= 0) {
                return null;
            }
            if (writeSet == null || !writeSet.clearedByRange(key)) {
                return key;
            }
        }
        return null;
    }

    @Override
    public void set(byte[] key, byte[] value) {
        checkTime();
        WriteSet writes = writable();
        limits.set(key, value);
        writes.set(key, value);
    }

    @Override
    public void clear(byte[] key) {
        checkTime();
        WriteSet writes = writable();
        limits.clear(key);
        writes.clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
        checkTime();
        WriteSet writes = writable();
        limits.clearRange(begin, end);
        writes.clearRange(begin, end);
    }

    /** Kept aside until commit, when the store's commit version is known; this transaction's reads do not see it. */
    @Override
    public void setVersionstampedKey(byte[] key, byte[] value) {
        checkTime();
        WriteSet writes = writable();
        limits.setVersionstamped(key, value);
        writes.setVersionstamped(key, value);
    }

    /** The same reads: read-write transactions run one at a time here, so no read ever conflicts. */
    @Override
    public ReadTransaction snapshot() {
        writable();
        EmbeddedTransaction self = this;
        return new ReadTransaction() {
            @Override
            public Optional<byte[]> get(byte[] key) {
                return self.get(key);
            }

            @Override
            public List<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
                return self.getRange(begin, end, limit);
            }
        };
    }

    /**
     * Read and written here: the writer runs alone, so nothing can change the value between, and
     * the result is what FoundationDB's mutation leaves.
     */
    @Override
    public void max(byte[] key, long value) {
        byte[] encoded = AtomicNumbers.encode(value);
        checkTime();
        WriteSet writes = writable();
        limits.set(key, encoded);
        long stored = get(key).map(AtomicNumbers::decode).orElse(0L);
        writes.set(key, stored >= value ? AtomicNumbers.encode(stored) : encoded);
    }

    /** How many keys the snapshot holds (without this transaction's writes): a cheap health figure. */
    long keyCount() {
        return snapshot.getTotalCount();
    }

    void checkTime() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new StoreUnavailableException("store transaction ran longer than " + timeoutMillis + " ms");
        }
    }

    private WriteSet writable() {
        if (writeSet == null) {
            throw new IllegalStateException("this transaction is read-only");
        }
        return writeSet;
    }

    /** A page that had to come from the file could not be read: the store is unusable, not the caller wrong. */
    private static <T> T fromFile(Supplier<T> read) {
        try {
            return read.get();
        } catch (MVStoreException e) {
            throw new StoreUnavailableException("the embedded store could not be read: " + e.getMessage(), e);
        }
    }
}
