package io.coditect.store;

import java.util.function.Function;

/**
 * An ordered key-value store with FoundationDB's semantics: byte keys in unsigned lexicographic
 * order, and every read and write inside a transaction that either commits whole or not at all.
 *
 * <p><b>The retry contract.</b> {@code transact} may run {@code work} more than once: after a
 * conflict with another transaction, after a retryable error before the commit, and also after a
 * commit that did succeed but whose outcome was lost (FoundationDB's {@code commit_unknown_result},
 * 1021, or a timeout during the commit). So the work must
 * <ul>
 * <li>only touch the transaction and values it computes itself (nothing outside the store is
 * changed from inside it: call a provisioner or publish an event after {@code transact} returns);
 * <li>be idempotent against its own earlier commit: a run that finds the store already as it would
 * leave it must return what the first run returned. Either the reads make it so (a blind set, a
 * range clear, a max), or the record carries the id of the operation that wrote it last, and
 * finding one's own id means "done" (see {@code WorkspaceRepository}).
 * </ul>
 * Limits are FoundationDB's on every backend, so code that runs on the embedded store runs on
 * FoundationDB too: keys up to {@value #MAX_KEY_BYTES} bytes, values up to {@value #MAX_VALUE_BYTES}
 * bytes (larger ones go through {@link ChunkedValue}), at most {@value #MAX_TRANSACTION_BYTES} bytes
 * written per transaction, and a transaction's time, retries included, bounded by
 * {@code coditect.store.transaction-timeout-ms}. A transaction does a bounded number of round trips
 * whatever the amount of data: listings page across transactions and read with
 * {@link ReadTransaction#getAll}.
 *
 * <p>Failures: {@link StoreUnavailableException} when the store cannot be reached, is known to be
 * down, or a transaction ran out of time. It does <em>not</em> promise that nothing was written: the
 * last attempt may have committed. A caller that retries later finds its own write through the same
 * idempotence. {@link IllegalArgumentException} when a limit is broken, and {@link IllegalStateException}
 * for a store error that retrying cannot cure (a bug or a misconfiguration); anything the work throws
 * comes out unchanged. In those cases nothing of that attempt is written (an earlier attempt that
 * committed stays).
 */
public interface KeyValueStore {
    int MAX_KEY_BYTES = 10_000;
    int MAX_VALUE_BYTES = 100_000;
    /** Half of FoundationDB's advice (1 MB) and a twentieth of its hard limit: commits stay fast. */
    int MAX_TRANSACTION_BYTES = 500_000;

    /** Runs {@code work} on the caller's thread in a read-write transaction and commits it; see the retry contract. */
    <T> T transact(Function<Transaction, T> work);

    /** Runs {@code work} on the caller's thread against a consistent snapshot; nothing is written. It may run more than once too. */
    <T> T read(Function<ReadTransaction, T> work);

    /**
     * Whether the backend answers now, with what was looked at and why it is down. Never throws and
     * returns within {@code coditect.store.health-timeout-ms}.
     */
    StoreHealth health();

    /** A short name of the backend, such as {@code embedded} or {@code foundationdb}. */
    String backend();
}
