package io.coditect.store.foundationdb;

import com.apple.foundationdb.MutationType;
import io.coditect.store.AtomicNumbers;
import io.coditect.store.Limits;
import io.coditect.store.ReadTransaction;
import io.coditect.store.Transaction;
import io.coditect.store.UnsignedBytes;

/** The SPI's writes over one FoundationDB transaction, checked against the shared limits first. */
final class FoundationDbTransaction extends FoundationDbReadTransaction implements Transaction {
    private final com.apple.foundationdb.Transaction transaction;
    private final Limits limits = new Limits();

    FoundationDbTransaction(com.apple.foundationdb.Transaction transaction) {
        super(transaction);
        this.transaction = transaction;
    }

    @Override
    public void set(byte[] key, byte[] value) {
        limits.set(key, value);
        transaction.set(key, value);
    }

    @Override
    public void clear(byte[] key) {
        limits.clear(key);
        transaction.clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
        limits.clearRange(begin, end);
        if (UnsignedBytes.compare(begin, end) < 0) {
            transaction.clear(begin, end);
        }
    }

    @Override
    public void setVersionstampedKey(byte[] key, byte[] value) {
        limits.setVersionstamped(key, value);
        transaction.mutate(MutationType.SET_VERSIONSTAMPED_KEY, key, value);
    }

    @Override
    public ReadTransaction snapshot() {
        return new FoundationDbReadTransaction(transaction.snapshot());
    }

    @Override
    public void max(byte[] key, long value) {
        byte[] encoded = AtomicNumbers.encode(value);
        limits.set(key, encoded);
        transaction.mutate(MutationType.MAX, key, encoded);
    }
}
