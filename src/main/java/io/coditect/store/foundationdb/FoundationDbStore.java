package io.coditect.store.foundationdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import io.coditect.store.HealthProbe;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The production store: a FoundationDB cluster through fdb-java's async API. Each transaction runs
 * in the client's own retry loop ({@code runAsync}: conflicts and transient errors retry the work),
 * bounded in time by the database's transaction timeout, which also covers the retries.
 *
 * <p>Nothing here runs (and so FoundationDB's native client is not loaded) until this backend is
 * configured: the first call opens the database, and a failure to open (a missing cluster file, a
 * bad one) is reported by {@link #health()} and each call, logged the first time, and tried again
 * a second later. A client library that cannot be loaded ({@code libfdb_c} not installed) cannot
 * be retried in the same JVM: its first error is reported from then on.
 */
public final class FoundationDbStore implements KeyValueStore, AutoCloseable {
    /** The API version this code is written against; the client library must be 7.3 or newer. */
    public static final int API_VERSION = 730;

    private static final Logger LOG = Logger.getLogger(FoundationDbStore.class.getName());
    private static final long REOPEN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** FoundationDB error 1031: the transaction timeout option cancelled the transaction. */
    private static final int TRANSACTION_TIMED_OUT = 1031;

    private final String clusterFile;
    private final long timeoutMillis;
    private final byte[] probeKey;
    private final HealthProbe healthProbe;
    private final Object opening = new Object();
    private volatile Database database;
    private boolean shutDown;
    private String openFailure;
    private String missingLibrary;
    private boolean failureLogged;
    private long nextOpenAttemptNanos;

    /**
     * @param clusterFile the cluster file to connect with
     * @param timeoutMillis the longest a transaction may take, retries included (under FoundationDB's 5 s)
     * @param probeKey a key that health checks read
     */
    public FoundationDbStore(String clusterFile, long timeoutMillis, long healthTimeoutMillis, byte[] probeKey) {
        this.clusterFile = clusterFile;
        this.timeoutMillis = timeoutMillis;
        this.probeKey = probeKey.clone();
        this.healthProbe = new HealthProbe(backend(), healthTimeoutMillis, this::probe);
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        return await(database().runAsync(transaction ->
                CompletableFuture.completedFuture(work.apply(new FoundationDbTransaction(transaction)))));
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        return await(database().readAsync(transaction ->
                CompletableFuture.completedFuture(work.apply(new FoundationDbReadTransaction(transaction)))));
    }

    @Override
    public StoreHealth health() {
        return healthProbe.check();
    }

    @Override
    public String backend() {
        return "foundationdb";
    }

    /** Closes the database; the client's network thread stays, as FoundationDB cannot restart it. */
    @Override
    public void close() {
        synchronized (opening) {
            shutDown = true;
            Database current = database;
            database = null;
            if (current != null) {
                current.close();
            }
        }
    }

    private StoreHealth probe() {
        try {
            read(transaction -> transaction.get(probeKey));
            return StoreHealth.up(backend(), "cluster file " + clusterFile + ": the cluster answered a read");
        } catch (StoreUnavailableException e) {
            return StoreHealth.down(backend(), "cluster file " + clusterFile + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return StoreHealth.down(backend(), "cluster file " + clusterFile + ": a read failed: " + e);
        }
    }

    private Database database() {
        Database current = database;
        if (current != null) {
            return current;
        }
        synchronized (opening) {
            if (shutDown) {
                throw new StoreUnavailableException("the FoundationDB store is shut down");
            }
            if (database != null) {
                return database;
            }
            if (missingLibrary != null) {
                throw new StoreUnavailableException(missingLibrary);
            }
            if (openFailure != null && System.nanoTime() - nextOpenAttemptNanos < 0) {
                throw new StoreUnavailableException(openFailure);
            }
            if (!Files.isReadable(Path.of(clusterFile))) {
                throw openFailed("FoundationDB cannot be opened: the cluster file " + clusterFile + " does not exist or"
                        + " is not readable; mount the cluster's connection string there or set"
                        + " coditect.store.fdb.cluster-file", null);
            }
            try {
                Database opened = FDB.selectAPIVersion(API_VERSION).open(clusterFile);
                opened.options().setTransactionTimeout(timeoutMillis);
                database = opened;
                openFailure = null;
                LOG.info(() -> "FoundationDB client (API " + API_VERSION + ") uses cluster file " + clusterFile);
                return opened;
            } catch (LinkageError e) {
                // Once the native client failed to load, every later try fails with a vaguer error
                // (the class's initialisation failed): keep the first, the one that says what is missing.
                missingLibrary = "FoundationDB cannot be opened: its client library libfdb_c (FoundationDB 7.3 or"
                        + " newer, for API " + API_VERSION + ") could not be loaded; the FoundationDB client package"
                        + " must be installed in the image: " + e;
                throw openFailed(missingLibrary, e);
            } catch (RuntimeException e) {
                throw openFailed("FoundationDB cannot be opened: " + e, e);
            }
        }
    }

    /** Remembers why opening failed, for a second; the first failure is also logged, once. */
    private StoreUnavailableException openFailed(String why, Throwable cause) {
        openFailure = why;
        nextOpenAttemptNanos = System.nanoTime() + REOPEN_INTERVAL_NANOS;
        if (!failureLogged) {
            failureLogged = true;
            LOG.severe(why);
        }
        return new StoreUnavailableException(why, cause);
    }

    /** Waits for the retry loop; FoundationDB's own errors become "unavailable", the work's pass through. */
    private <T> T await(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FDBException failure) {
                throw new StoreUnavailableException(describe(failure), failure);
            }
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            if (cause instanceof Error failure) {
                throw failure;
            }
            throw e;
        }
    }

    private String describe(FDBException failure) {
        if (failure.getCode() == TRANSACTION_TIMED_OUT) {
            return "store transaction ran longer than " + timeoutMillis + " ms (FoundationDB error 1031)";
        }
        return "FoundationDB error " + failure.getCode() + ": " + failure.getMessage();
    }
}
