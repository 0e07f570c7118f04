package io.coditect.store.foundationdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import io.coditect.store.HealthProbe;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreCircuit;
import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The production store: a FoundationDB cluster through fdb-java's blocking retry loop
 * ({@code Database.run} and {@code read}), so the work runs on the caller's thread (a request's,
 * inside Liberty's thread context), never on the client's executor. Conflicts and retryable errors,
 * an ambiguous commit (1021) included, run the work again; the database's transaction timeout bounds
 * the whole loop.
 *
 * <p>Nothing here runs (and so FoundationDB's native client is not loaded) until this backend is
 * configured: the first call sets the network up and opens the database. A failure to open is
 * reported by {@link #health()} and each call; the first one is kept, since a native library that
 * failed to load is only ever reported once by the JVM, and it is never tried again: every later
 * call fails at once with that first error, outside the circuit, whose probes could not cure it.
 * While the cluster is known down, calls fail at once ({@link StoreCircuit}) and one in every
 * re-probe interval goes through.
 *
 * <p>fdb-java's shutdown hook is disabled: it would stop the network while the last session saves
 * of a drain still wait on it. {@link #close()} waits for the transactions in flight, then closes
 * the database and, for the application's store, stops the network.
 */
public final class FoundationDbStore implements KeyValueStore, AutoCloseable {
    /** The API version this code is written against; the client library must be 7.3 or newer. */
    public static final int API_VERSION = 730;

    private static final Logger LOG = Logger.getLogger(FoundationDbStore.class.getName());
    private static final long REOPEN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Network options can be set once per process, before its network starts. */
    private static final Object NETWORK = new Object();
    private static FDB network;

    private final FoundationDbSettings settings;
    private final byte[] probeKey;
    private final HealthProbe healthProbe;
    private final StoreCircuit circuit;
    private final Object opening = new Object();
    private volatile Database database;
    private boolean shutDown;
    private int inFlight;
    private String firstOpenFailure;
    private String openFailure;
    private boolean openFailureIsFinal;
    private long nextOpenAttemptNanos;

    /** @param probeKey a key that health checks read */
    public FoundationDbStore(FoundationDbSettings settings, byte[] probeKey) {
        this.settings = settings;
        this.probeKey = probeKey.clone();
        this.healthProbe = new HealthProbe(backend(), settings.healthTimeoutMillis(), this::probe);
        this.circuit = new StoreCircuit(settings.reprobeMillis());
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        return call(() -> database().run(transaction -> work.apply(new FoundationDbTransaction(transaction))));
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        return call(() -> database().read(transaction -> work.apply(new FoundationDbReadTransaction(transaction))));
    }

    @Override
    public StoreHealth health() {
        return healthProbe.check();
    }

    @Override
    public String backend() {
        return "foundationdb";
    }

    /**
     * Refuses new transactions, waits (up to the transaction timeout) for those in flight, such as
     * the last session saves of a drain, then closes the database and, when so configured, stops
     * the client's network (which cannot be started again in this process).
     */
    @Override
    public void close() {
        synchronized (opening) {
            shutDown = true;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
            try {
                while (inFlight > 0 && deadline - System.nanoTime() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(opening, deadline - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inFlight > 0) {
                LOG.warning(inFlight + " store transactions were still running when the store closed");
            }
            Database current = database;
            database = null;
            if (current != null) {
                current.close();
                if (settings.stopNetworkOnClose()) {
                    stopNetwork();
                }
            }
        }
    }

    private <T> T call(Supplier<T> work) {
        failIfNeverOpens();
        return circuit.call(() -> {
            enter();
            try {
                return work.get();
            } catch (FDBException e) {
                throw FoundationDbErrors.map(e, settings.timeoutMillis());
            } catch (CompletionException e) {
                throw unwrap(e);
            } finally {
                leave();
            }
        });
    }

    /** The work's own exceptions pass through; FoundationDB's are mapped to unavailable or a bug. */
    private RuntimeException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof FDBException failure) {
            return FoundationDbErrors.map(failure, settings.timeoutMillis());
        }
        if (cause instanceof RuntimeException failure) {
            return failure;
        }
        if (cause instanceof Error failure) {
            throw failure;
        }
        return e;
    }

    /** A client library that failed to load is never loaded again: no probe can cure that. */
    private void failIfNeverOpens() {
        synchronized (opening) {
            if (openFailure != null && openFailureIsFinal) {
                throw new StoreUnavailableException(describeOpenFailure());
            }
        }
    }

    private void enter() {
        synchronized (opening) {
            if (shutDown) {
                throw new StoreUnavailableException("the FoundationDB store is shut down");
            }
            inFlight++;
        }
    }

    private void leave() {
        synchronized (opening) {
            inFlight--;
            opening.notifyAll();
        }
    }

    private StoreHealth probe() {
        String where = "cluster file " + settings.clusterFile() + ": ";
        try {
            read(transaction -> transaction.get(probeKey));
            return StoreHealth.up(backend(), where + "the cluster answered a read");
        } catch (StoreUnavailableException e) {
            return StoreHealth.down(backend(), where + e.getMessage());
        } catch (RuntimeException e) {
            return StoreHealth.down(backend(), where + "a read failed: " + e);
        }
    }

    private Database database() {
        Database current = database;
        if (current != null) {
            return current;
        }
        synchronized (opening) {
            if (database != null) {
                return database;
            }
            if (openFailure != null && (openFailureIsFinal || System.nanoTime() - nextOpenAttemptNanos < 0)) {
                throw new StoreUnavailableException(describeOpenFailure());
            }
            if (!Files.isReadable(Path.of(settings.clusterFile()))) {
                // Checked before the client opens it: the client's own error names neither the file nor the setting.
                throw openFailed("the cluster file " + settings.clusterFile() + " does not exist or is not readable;"
                        + " mount the cluster's connection string there or set coditect.store.fdb.cluster-file", null, false);
            }
            try {
                Database opened = network(settings).open(settings.clusterFile());
                opened.options().setTransactionTimeout(settings.timeoutMillis());
                database = opened;
                openFailure = null;
                LOG.info(() -> "FoundationDB client (API " + API_VERSION + ") uses cluster file "
                        + settings.clusterFile());
                return opened;
            } catch (LinkageError e) {
                // The native client is missing or too old. The JVM reports it once; later attempts only
                // say the class could not be initialized, so this first error is kept and not retried.
                throw openFailed("its client library libfdb_c (FoundationDB 7.3 or newer, for API " + API_VERSION
                        + ") could not be loaded; the FoundationDB client package must be installed in the image: " + e,
                        e, true);
            } catch (RuntimeException e) {
                throw openFailed(e.toString(), e, false);
            }
        }
    }

    /** Remembers why opening failed (the first failure is kept and logged once) and when to try again. */
    private StoreUnavailableException openFailed(String why, Throwable cause, boolean isFinal) {
        openFailureIsFinal = isFinal;
        openFailure = "FoundationDB cannot be opened: " + why;
        if (firstOpenFailure == null) {
            firstOpenFailure = openFailure;
            LOG.severe(openFailure);
        }
        nextOpenAttemptNanos = System.nanoTime() + REOPEN_INTERVAL_NANOS;
        return new StoreUnavailableException(describeOpenFailure(), cause);
    }

    private String describeOpenFailure() {
        String retry = openFailureIsFinal ? " (not tried again: restart the server once the client library is"
                + " installed)" : "";
        return openFailure.equals(firstOpenFailure) ? openFailure + retry
                : openFailure + "; the first failure was: " + firstOpenFailure + retry;
    }

    /** The process's FoundationDB network, set up on first use with this store's options. */
    private static FDB network(FoundationDbSettings settings) {
        synchronized (NETWORK) {
            if (network != null) {
                return network;
            }
            FDB fdb = FDB.selectAPIVersion(API_VERSION);
            fdb.disableShutdownHook();
            if (settings.externalClientDirectory() != null && !settings.externalClientDirectory().isBlank()) {
                fdb.options().setExternalClientDirectory(settings.externalClientDirectory());
                LOG.info(() -> "FoundationDB external clients are loaded from " + settings.externalClientDirectory());
            }
            settings.networkOptions().accept(fdb.options());
            network = fdb;
            return fdb;
        }
    }

    private static void stopNetwork() {
        synchronized (NETWORK) {
            if (network != null) {
                try {
                    network.stopNetwork();
                    LOG.info("FoundationDB client network stopped");
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Stopping the FoundationDB client network failed: " + e);
                }
            }
        }
    }
}
