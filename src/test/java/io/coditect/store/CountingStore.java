package io.coditect.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Counts the round trips a store user makes: transactions, and the reads inside each (a get, a
 * batch get and a range read are one round trip each, as on FoundationDB, where a transaction's
 * time is mostly its round trips). Tests use it to fail a listing whose transactions do work that
 * grows with the data.
 */
public final class CountingStore implements KeyValueStore {
    private final KeyValueStore backend;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicInteger mostInOneTransaction = new AtomicInteger();

    public CountingStore(KeyValueStore backend) {
        this.backend = backend;
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        return backend.transact(tx -> {
            Counter counter = new Counter();
            try {
                return work.apply(new CountingTransaction(tx, counter));
            } finally {
                counter.done();
            }
        });
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        return backend.read(tx -> {
            Counter counter = new Counter();
            try {
                return work.apply(new CountingRead(tx, counter));
            } finally {
                counter.done();
            }
        });
    }

    @Override
    public StoreHealth health() {
        return backend.health();
    }

    @Override
    public String backend() {
        return backend.backend();
    }

    /** Transactions (read-only and read-write) run since the last {@link #reset()}. */
    public long transactions() {
        return transactions.get();
    }

    /** Reads sent since the last {@link #reset()}. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** The most reads any one transaction sent since the last {@link #reset()}. */
    public int mostRoundTripsInOneTransaction() {
        return mostInOneTransaction.get();
    }

    public void reset() {
        transactions.set(0);
        roundTrips.set(0);
        mostInOneTransaction.set(0);
    }

    private final class Counter {
        private int trips;

        void trip() {
            trips++;
        }

        void done() {
            transactions.incrementAndGet();
            roundTrips.addAndGet(trips);
            mostInOneTransaction.accumulateAndGet(trips, Math::max);
        }
    }

    private static class CountingRead implements ReadTransaction {
        private final ReadTransaction delegate;
        final Counter counter;

        CountingRead(ReadTransaction delegate, Counter counter) {
            this.delegate = delegate;
            this.counter = counter;
        }

        @Override
        public Optional<byte[]> get(byte[] key) {
            counter.trip();
            return delegate.get(key);
        }

        @Override
        public List<Optional<byte[]>> getAll(List<byte[]> keys) {
            counter.trip();
            return delegate.getAll(keys);
        }

        @Override
        public List<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
            counter.trip();
            return delegate.getRange(begin, end, limit);
        }
    }

    private static final class CountingTransaction extends CountingRead implements Transaction {
        private final Transaction delegate;

        CountingTransaction(Transaction delegate, Counter counter) {
            super(delegate, counter);
            this.delegate = delegate;
        }

        @Override
        public void set(byte[] key, byte[] value) {
            delegate.set(key, value);
        }

        @Override
        public void clear(byte[] key) {
            delegate.clear(key);
        }

        @Override
        public void clearRange(byte[] begin, byte[] end) {
            delegate.clearRange(begin, end);
        }

        @Override
        public ReadTransaction snapshot() {
            return new CountingRead(delegate.snapshot(), counter);
        }

        @Override
        public void max(byte[] key, long value) {
            delegate.max(key, value);
        }

        @Override
        public void setVersionstampedKey(byte[] key, byte[] value) {
            delegate.setVersionstampedKey(key, value);
        }
    }
}
