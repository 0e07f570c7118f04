package io.coditect.store;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A store that behaves like FoundationDB under faults, over the embedded store, for the tests of
 * every store user. At the configured rates, each attempt of a transaction
 * <ul>
 * <li><b>commits and then runs the body again</b> in a new transaction, as fdb-java's retry loop
 * does after {@code commit_unknown_result} (1021) or a timeout during a commit that did succeed;
 * <li><b>fails before commit</b> with a retryable error: the body ran, nothing of it is written,
 * and it runs again;
 * <li><b>conflicts</b>: as a failure before commit, and the next attempt waits until another
 * thread's transaction (the other replica's, in the tests that run two) had its turn, so the body
 * runs again on what that transaction wrote, as it would after FoundationDB refused its commit.
 * </ul>
 * Read-only transactions run their body twice at the retry rate (FoundationDB re-runs them after a
 * retryable error too). Faults are drawn from a seeded random, so a failing run can be repeated;
 * after {@value #MAX_FAULTS_PER_TRANSACTION} faults in one transaction the next attempt is left
 * alone, as a real retry loop ends within its timeout.
 *
 * <p>What it cannot show: the embedded store runs writers one at a time, so a body never reads
 * data that another commit makes stale while it runs; the conflicts here are the re-runs that
 * FoundationDB's conflicts cause, not its detection of them.
 */
public final class FaultInjectingStore implements KeyValueStore, AutoCloseable {
    private static final int MAX_FAULTS_PER_TRANSACTION = 4;

    /** Chances per attempt, each between 0 and 1, together at most 1. */
    public record Rates(double commitThenRerun, double failBeforeCommit, double conflict) {
        public Rates {
            if (commitThenRerun < 0 || failBeforeCommit < 0 || conflict < 0
                    || commitThenRerun + failBeforeCommit + conflict > 1) {
                throw new IllegalArgumentException("fault rates must be between 0 and 1 and add up to at most 1");
            }
        }

        /** The rates the store users' tests run with: a fault in more than a third of the attempts. */
        public static Rates standard() {
            return new Rates(0.15, 0.1, 0.1);
        }

        double total() {
            return commitThenRerun + failBeforeCommit + conflict;
        }
    }

    private enum Fault { NONE, COMMIT_THEN_RERUN, FAIL_BEFORE_COMMIT, CONFLICT }

    /** Thrown inside the backend's transaction so that it writes nothing; never leaves this class. */
    private static final class InjectedAbort extends RuntimeException {
        InjectedAbort() {
            super("injected retryable error before commit", null, false, false);
        }
    }

    private final KeyValueStore backend;
    private final Rates rates;
    private final long seed;
    private final Random random;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong rerunAfterCommit = new AtomicLong();
    private final AtomicLong failedBeforeCommit = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong rerunReads = new AtomicLong();

    public FaultInjectingStore(KeyValueStore backend, Rates rates, long seed) {
        this.backend = backend;
        this.rates = rates;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The standard rates, with a seed that {@link #report()} prints. */
    public static FaultInjectingStore over(KeyValueStore backend) {
        return new FaultInjectingStore(backend, Rates.standard(), System.nanoTime());
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        transactions.incrementAndGet();
        int faults = 0;
        while (true) {
            Fault fault = faults < MAX_FAULTS_PER_TRANSACTION ? draw() : Fault.NONE;
            faults++;
            switch (fault) {
                case NONE -> {
                    return backend.transact(work);
                }
                case COMMIT_THEN_RERUN -> {
                    backend.transact(work);
                    rerunAfterCommit.incrementAndGet();
                }
                case FAIL_BEFORE_COMMIT, CONFLICT -> {
                    try {
                        backend.transact(tx -> {
                            work.apply(tx);
                            throw new InjectedAbort();
                        });
                    } catch (InjectedAbort aborted) {
                        if (fault == Fault.CONFLICT) {
                            conflicts.incrementAndGet();
                            // The other replica's transaction, waiting for the writer, commits first.
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        } else {
                            failedBeforeCommit.incrementAndGet();
                        }
                    }
                }
            }
        }
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        reads.incrementAndGet();
        if (chance() < rates.failBeforeCommit() + rates.conflict()) {
            backend.read(work);
            rerunReads.incrementAndGet();
        }
        return backend.read(work);
    }

    @Override
    public StoreHealth health() {
        return backend.health();
    }

    @Override
    public String backend() {
        return backend.backend();
    }

    /** Bodies of read-write transactions that ran again (after a commit, a failure or a conflict). */
    public long rerunBodies() {
        return rerunAfterCommit.get() + failedBeforeCommit.get() + conflicts.get();
    }

    public long rerunAfterCommit() {
        return rerunAfterCommit.get();
    }

    /** The rates, the seed, and how many bodies ran again: for the test output. */
    public String report() {
        return String.format("fault-injecting store (seed %d): per attempt %.0f %% commit then re-run (1021),"
                        + " %.0f %% fail before commit, %.0f %% conflict; %d transactions, %d bodies re-run"
                        + " (%d after a commit, %d after a failure, %d after a conflict); %d reads, %d re-run",
                seed, rates.commitThenRerun() * 100, rates.failBeforeCommit() * 100, rates.conflict() * 100,
                transactions.get(), rerunBodies(), rerunAfterCommit.get(), failedBeforeCommit.get(), conflicts.get(),
                reads.get(), rerunReads.get());
    }

    @Override
    public void close() {
        if (backend instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the store failed", e);
            }
        }
    }

    private Fault draw() {
        double value = chance();
        if (value < rates.commitThenRerun()) {
            return Fault.COMMIT_THEN_RERUN;
        }
        if (value < rates.commitThenRerun() + rates.failBeforeCommit()) {
            return Fault.FAIL_BEFORE_COMMIT;
        }
        return value < rates.total() ? Fault.CONFLICT : Fault.NONE;
    }

    private double chance() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
