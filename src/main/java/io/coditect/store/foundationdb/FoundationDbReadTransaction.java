package io.coditect.store.foundationdb;

import com.apple.foundationdb.StreamingMode;
import io.coditect.store.KeyValue;
import io.coditect.store.Limits;
import io.coditect.store.ReadTransaction;
import io.coditect.store.UnsignedBytes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The SPI's reads over one FoundationDB transaction (or its snapshot view). They wait for each
 * answer on the caller's thread: the work is plain code inside the client's retry loop, and
 * FoundationDB's errors thrown here make that loop retry.
 */
class FoundationDbReadTransaction implements ReadTransaction {
    private final com.apple.foundationdb.ReadTransaction transaction;

    FoundationDbReadTransaction(com.apple.foundationdb.ReadTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        Limits.checkKey(key);
        return Optional.ofNullable(transaction.get(key).join());
    }

    /** Every read sent before the first is waited for: one round trip, not one per key. */
    @Override
    public List<Optional<byte[]>> getAll(List<byte[]> keys) {
        keys.forEach(Limits::checkKey);
        List<CompletableFuture<byte[]>> answers = keys.stream().map(transaction::get).toList();
        return answers.stream().map(answer -> Optional.ofNullable(answer.join())).toList();
    }

    @Override
    public List<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
        Limits.checkKey(begin);
        Limits.checkKey(end);
        if (UnsignedBytes.compare(begin, end) >= 0) {
            return List.of();
        }
        int rows = limit <= 0 ? com.apple.foundationdb.ReadTransaction.ROW_LIMIT_UNLIMITED : limit;
        return transaction.getRange(begin, end, rows, false, StreamingMode.WANT_ALL).asList().join().stream()
                .map(pair -> new KeyValue(pair.getKey(), pair.getValue()))
                .toList();
    }
}
