package io.coditect.store.embedded;

import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * The single-machine store: one H2 MVStore file. Read-write transactions run one at a time (so
 * they never conflict), buffer their writes, and apply them with one MVStore commit, which is
 * atomic on disk: after a crash the file opens at the last committed transaction. Read-only
 * transactions run concurrently and never see half of a commit.
 */
public final class EmbeddedStore implements KeyValueStore, AutoCloseable {
    private static final String MAP_NAME = "kv";

    private final Path file;
    private final MVStore store;
    private final MVMap<byte[], byte[]> map;
    private final long timeoutMillis;
    private final ReentrantLock writer = new ReentrantLock(true);
    private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();

    private EmbeddedStore(Path file, MVStore store, long timeoutMillis) {
        this.file = file;
        this.store = store;
        this.timeoutMillis = timeoutMillis;
        this.map = store.openMap(MAP_NAME, new MVMap.Builder<byte[], byte[]>()
                .keyType(KeyType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    /** Opens (or creates) the store file; a transaction may take at most {@code timeoutMillis}. */
    public static EmbeddedStore open(Path file, long timeoutMillis) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store directory for " + file, e);
        }
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        return new EmbeddedStore(file, store, timeoutMillis);
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        acquireWriter();
        try {
            ensureOpen();
            WriteSet writes = new WriteSet();
            EmbeddedTransaction transaction = new EmbeddedTransaction(map, writes, timeoutMillis);
            T result = work.apply(transaction);
            transaction.checkTime();
            if (!writes.isEmpty()) {
                apply(writes);
            }
            return result;
        } finally {
            writer.unlock();
        }
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        visibility.readLock().lock();
        try {
            ensureOpen();
            return work.apply(new EmbeddedTransaction(map, null, timeoutMillis));
        } finally {
            visibility.readLock().unlock();
        }
    }

    @Override
    public StoreHealth health() {
        if (store.isClosed()) {
            return StoreHealth.down(backend(), "store file " + file + " is closed");
        }
        try {
            long keys = read(transaction -> map.sizeAsLong());
            return StoreHealth.up(backend(), "store file " + file + " is open, " + keys + " keys");
        } catch (RuntimeException e) {
            return StoreHealth.down(backend(), "store file " + file + " failed a read: " + e.getMessage());
        }
    }

    @Override
    public String backend() {
        return "embedded";
    }

    @Override
    public void close() {
        acquireWriter();
        try {
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            writer.unlock();
        }
    }

    private void apply(WriteSet writes) {
        visibility.writeLock().lock();
        try {
            for (WriteSet.Range range : writes.clearedRanges()) {
                removeRange(range);
            }
            for (Map.Entry<byte[], byte[]> write : writes.writes()) {
                if (write.getValue() == null) {
                    map.remove(write.getKey());
                } else {
                    map.put(write.getKey(), write.getValue());
                }
            }
            store.commit();
        } catch (IllegalStateException e) {
            throw new StoreUnavailableException("the embedded store could not commit: " + e.getMessage(), e);
        } finally {
            visibility.writeLock().unlock();
        }
    }

    private void removeRange(WriteSet.Range range) {
        List<byte[]> doomed = new ArrayList<>();
        Cursor<byte[], byte[]> cursor = map.cursor(range.begin());
        while (cursor.hasNext()) {
            byte[] key = cursor.next();
            if (!range.contains(key)) {
                break;
            }
            doomed.add(key);
        }
        doomed.forEach(map::remove);
    }

    private void acquireWriter() {
        try {
            if (!writer.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException("the embedded store stayed busy for " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the embedded store", e);
        }
    }

    private void ensureOpen() {
        if (store.isClosed()) {
            throw new StoreUnavailableException("the embedded store is closed");
        }
    }
}
