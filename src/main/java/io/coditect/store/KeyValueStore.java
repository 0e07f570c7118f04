package io.coditect.store;

import java.util.function.Function;

/**
 * An ordered key-value store with FoundationDB's semantics: byte keys in unsigned lexicographic
 * order, and every read and write inside a transaction that either commits whole or not at all.
 *
 * <p>{@code transact} may run {@code work} more than once (FoundationDB retries it after a
 * conflict), so the work must only touch the transaction and values it computes itself. Limits are
 * FoundationDB's on every backend, so code that runs on the embedded store runs on FoundationDB
 * too: keys up to {@value #MAX_KEY_BYTES} bytes, values up to {@value #MAX_VALUE_BYTES} bytes (larger
 * ones go through {@link ChunkedValue}), at most {@value #MAX_TRANSACTION_BYTES} bytes written per
 * transaction, and a transaction's time bounded by {@code coditect.store.transaction-timeout-ms}.
 *
 * <p>Failures: {@link StoreUnavailableException} when the store cannot be reached or a transaction
 * ran out of time (nothing was written; the caller may retry later); {@link IllegalArgumentException}
 * when a limit is broken (nothing was written); anything the work throws comes out unchanged, and
 * nothing of that transaction is written.
 */
public interface KeyValueStore {
    int MAX_KEY_BYTES = 10_000;
    int MAX_VALUE_BYTES = 100_000;
    /** Half of FoundationDB's advice (1 MB) and a twentieth of its hard limit: commits stay fast. */
    int MAX_TRANSACTION_BYTES = 500_000;

    /** Runs {@code work} in a read-write transaction and commits it; retried on conflict. */
    <T> T transact(Function<Transaction, T> work);

    /** Runs {@code work} against a consistent snapshot; nothing is written. */
    <T> T read(Function<ReadTransaction, T> work);

    /**
     * Whether the backend answers now, with what was looked at and why it is down. Never throws and
     * returns within {@code coditect.store.health-timeout-ms}.
     */
    StoreHealth health();

    /** A short name of the backend, such as {@code embedded} or {@code foundationdb}. */
    String backend();
}
