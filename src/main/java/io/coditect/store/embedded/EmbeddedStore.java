package io.coditect.store.embedded;

import io.coditect.store.HealthProbe;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import io.coditect.store.Versionstamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Logger;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RootReference;

/**
 * The single-machine store: one H2 MVStore file.
 *
 * <ul>
 * <li>Read-write transactions run one at a time (so they never conflict), buffer their writes, and
 * apply them in one MVStore commit followed by an fsync: after a crash, even of the machine, the
 * file opens at the last transaction that returned.
 * <li>Read-only transactions run concurrently on a snapshot of MVStore's copy-on-write tree: they
 * never wait for a disk write and never see half of a commit.
 * <li>MVStore's background thread stays off (it would write half-applied transactions), so this
 * class keeps the file itself: space of old chunks is reused at once (safe because every commit is
 * synced first) and sparse chunks are rewritten every few hundred commits.
 * <li>The file is opened lazily and reopened after a failure (another process holds it, a disk
 * error closed it). Writes stop while the file is missing or replaced: they would be lost.
 * </ul>
 */
public final class EmbeddedStore implements KeyValueStore, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedStore.class.getName());
    private static final long REOPEN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int COMMITS_PER_COMPACTION = 200;
    private static final int COMPACTION_FILL_RATE_PERCENT = 80;
    private static final int COMPACTION_WRITE_BYTES = 1 << 20;

    private final Path file;
    private final long timeoutMillis;
    private final HealthProbe healthProbe;
    private final ReentrantLock writer = new ReentrantLock(true);
    /** Held exclusively while a commit changes the tree, shared while a reader takes its snapshot. */
    private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();
    private final Object opening = new Object();
    private volatile OpenedFile opened;
    private volatile boolean shutDown;
    private String openFailure;
    private long nextOpenAttemptNanos;
    private int commitsSinceCompaction;

    private EmbeddedStore(Path file, long timeoutMillis, long healthTimeoutMillis) {
        this.file = file.toAbsolutePath();
        this.timeoutMillis = timeoutMillis;
        this.healthProbe = new HealthProbe(backend(), healthTimeoutMillis, this::probe);
    }

    /**
     * The store on {@code file} (created if missing). It does not fail when the file cannot be opened
     * now: it reports that in {@link #health()} and in each call, and tries again.
     */
    public static EmbeddedStore open(Path file, long timeoutMillis, long healthTimeoutMillis) {
        EmbeddedStore store = new EmbeddedStore(file, timeoutMillis, healthTimeoutMillis);
        try {
            store.current();
        } catch (StoreUnavailableException e) {
            LOG.warning(e::getMessage);
        }
        return store;
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        acquireWriter(deadlineNanos);
        try {
            OpenedFile current = current();
            WriteSet writes = new WriteSet();
            EmbeddedTransaction transaction = new EmbeddedTransaction(current.map(), current.map().getRoot(),
                    writes, deadlineNanos, timeoutMillis);
            T result = work.apply(transaction);
            transaction.checkTime();
            if (!writes.isEmpty()) {
                String problem = current.problem(file);
                if (problem != null) {
                    throw new StoreUnavailableException(problem);
                }
                commit(current, writes);
            }
            return result;
        } finally {
            writer.unlock();
        }
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        return readSnapshot(work::apply);
    }

    private <T> T readSnapshot(Function<EmbeddedTransaction, T> work) {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        OpenedFile current = current();
        MVStore.TxCounter usage;
        RootReference<byte[], byte[]> snapshot;
        visibility.readLock().lock();
        try {
            // Registered before the snapshot is taken, so no commit can reuse the space of its pages.
            usage = current.store().registerVersionUsage();
            snapshot = current.map().getRoot();
        } finally {
            visibility.readLock().unlock();
        }
        try {
            return work.apply(new EmbeddedTransaction(current.map(), snapshot, null, deadlineNanos, timeoutMillis));
        } finally {
            current.store().deregisterVersionUsage(usage);
        }
    }

    @Override
    public StoreHealth health() {
        return healthProbe.check();
    }

    @Override
    public String backend() {
        return "embedded";
    }

    /**
     * Closes the file and releases its lock. A transaction still running after the time limit is cut
     * off: everything committed is already on disk, and its unfinished writes are dropped.
     */
    @Override
    public void close() {
        boolean idle = false;
        try {
            idle = writer.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (opening) {
                shutDown = true;
                OpenedFile current = opened;
                opened = null;
                if (current != null && !current.store().isClosed()) {
                    if (idle) {
                        current.store().close();
                    } else {
                        current.store().closeImmediately();
                    }
                }
            }
        } finally {
            if (idle) {
                writer.unlock();
            }
        }
    }

    private StoreHealth probe() {
        try {
            OpenedFile current = current();
            String problem = current.problem(file);
            if (problem != null) {
                return StoreHealth.down(backend(), problem);
            }
            long keys = readSnapshot(EmbeddedTransaction::keyCount);
            return StoreHealth.up(backend(), "store file " + file + " is open and answered a read: " + keys + " keys");
        } catch (StoreUnavailableException e) {
            return StoreHealth.down(backend(), e.getMessage());
        } catch (RuntimeException e) {
            return StoreHealth.down(backend(), "store file " + file + " failed a read: " + e);
        }
    }

    /** The open store, opening it first if it is not (at most once per second after a failure). */
    private OpenedFile current() {
        OpenedFile current = opened;
        if (current != null && !current.store().isClosed()) {
            return current;
        }
        synchronized (opening) {
            if (shutDown) {
                throw new StoreUnavailableException("the embedded store is shut down");
            }
            current = opened;
            if (current != null) {
                if (!current.store().isClosed()) {
                    return current;
                }
                opened = null;
                nextOpenAttemptNanos = System.nanoTime();
            }
            if (openFailure != null && System.nanoTime() - nextOpenAttemptNanos < 0) {
                throw new StoreUnavailableException(openFailure);
            }
            try {
                current = OpenedFile.open(file);
            } catch (IOException | RuntimeException e) {
                openFailure = "store file " + file + " cannot be opened: " + e.getMessage();
                nextOpenAttemptNanos = System.nanoTime() + REOPEN_INTERVAL_NANOS;
                throw new StoreUnavailableException(openFailure, e);
            }
            if (openFailure != null) {
                LOG.info(() -> "Store file " + file + " is open again");
            }
            openFailure = null;
            opened = current;
            return current;
        }
    }

    private void commit(OpenedFile current, WriteSet writes) {
        MVStore store = current.store();
        visibility.writeLock().lock();
        try {
            for (WriteSet.Range range : writes.clearedRanges()) {
                removeRange(current.map(), range);
            }
            for (Map.Entry<byte[], byte[]> write : writes.writes()) {
                if (write.getValue() == null) {
                    current.map().remove(write.getKey());
                } else {
                    current.map().put(write.getKey(), write.getValue());
                }
            }
            // MVStore's version grows with every commit and is kept in the file: the commit version.
            long version = store.getCurrentVersion();
            for (Map.Entry<byte[], byte[]> write : writes.versionstamped()) {
                current.map().put(Versionstamps.complete(write.getKey(), version, (short) 0), write.getValue());
            }
            store.commit();
        } catch (RuntimeException e) {
            discardUncommitted(store);
            throw new StoreUnavailableException("store file " + file + " could not commit: " + e.getMessage(), e);
        } finally {
            visibility.writeLock().unlock();
        }
        try {
            store.sync();
        } catch (RuntimeException e) {
            // Readers saw the commit, the disk may not have it: start again from what the disk has.
            store.closeImmediately();
            throw new StoreUnavailableException("store file " + file + " could not be synced; the last"
                    + " transaction may be lost: " + e.getMessage(), e);
        }
        compactNowAndThen(store);
    }

    private void discardUncommitted(MVStore store) {
        if (store.isClosed()) {
            return;
        }
        try {
            store.rollback();
        } catch (RuntimeException e) {
            // The tree may hold half a transaction: reopen from the file rather than risk committing it.
            store.closeImmediately();
        }
    }

    private void compactNowAndThen(MVStore store) {
        if (++commitsSinceCompaction < COMMITS_PER_COMPACTION) {
            return;
        }
        commitsSinceCompaction = 0;
        try {
            if (store.compact(COMPACTION_FILL_RATE_PERCENT, COMPACTION_WRITE_BYTES)) {
                store.commit();
                store.sync();
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Compacting store file " + file + " failed; it reopens on next use: " + e);
            store.closeImmediately();
        }
    }

    private static void removeRange(MVMap<byte[], byte[]> map, WriteSet.Range range) {
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

    private void acquireWriter(long deadlineNanos) {
        try {
            if (!writer.tryLock(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new StoreUnavailableException("the embedded store stayed busy for " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the embedded store", e);
        }
    }
}
