package io.coditect.store.embedded;

import io.coditect.store.KeyValue;
import io.coditect.store.Limits;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import io.coditect.store.UnsignedBytes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * One transaction on the embedded store: reads go to the map overlaid with this transaction's own
 * writes; writes wait in a {@link WriteSet} until commit. With {@code writeSet == null} it is a
 * read-only view.
 */
final class EmbeddedTransaction implements Transaction {
    private final MVMap<byte[], byte[]> map;
    private final WriteSet writeSet;
    private final long deadlineNanos;
    private final long timeoutMillis;

    EmbeddedTransaction(MVMap<byte[], byte[]> map, WriteSet writeSet, long timeoutMillis) {
        this.map = map;
        this.writeSet = writeSet;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        checkTime();
        Limits.checkKey(key);
        if (writeSet != null && writeSet.decides(key)) {
            byte[] value = writeSet.valueOf(key);
            return Optional.ofNullable(value == null ? null : value.clone());
        }
        byte[] value = map.get(key);
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
        Cursor<byte[], byte[]> stored = map.cursor(begin);
        Iterator<Map.Entry<byte[], byte[]>> own = writeSet == null
                ? java.util.Collections.emptyIterator()
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
        Limits.checkKey(key);
        Limits.checkValue(value);
        writable().set(key, value);
    }

    @Override
    public void clear(byte[] key) {
        checkTime();
        Limits.checkKey(key);
        writable().clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
        checkTime();
        Limits.checkKey(begin);
        Limits.checkKey(end);
        writable().clearRange(begin, end);
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
}
