package io.coditect.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Fails calls at once while the store is known to be down, instead of letting each of them wait
 * out the whole transaction timeout. After an outage every {@code reprobeMillis} one call goes
 * through as a probe (the others still fail fast); the first call that gets an answer closes the
 * circuit again. Only {@link StoreUnavailableException} opens it: the work's own exceptions and
 * programming errors say nothing about the store.
 */
public final class StoreCircuit {
    private final long reprobeNanos;
    private final LongSupplier nanoClock;
    private String downBecause;
    private long nextProbeNanos;
    private boolean probing;

    public StoreCircuit(long reprobeMillis) {
        this(reprobeMillis, System::nanoTime);
    }

    StoreCircuit(long reprobeMillis, LongSupplier nanoClock) {
        if (reprobeMillis <= 0) {
            throw new IllegalArgumentException("the store's re-probe interval must be positive, not " + reprobeMillis);
        }
        this.reprobeNanos = TimeUnit.MILLISECONDS.toNanos(reprobeMillis);
        this.nanoClock = nanoClock;
    }

    /** Runs {@code call} unless the store is known down and it is not yet time to probe it again. */
    public <T> T call(Supplier<T> call) {
        boolean probe = admit();
        try {
            T result = call.get();
            closed();
            return result;
        } catch (StoreUnavailableException e) {
            opened(e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            // The store answered (the work or a limit failed): it is up.
            closed();
            throw e;
        } finally {
            if (probe) {
                synchronized (this) {
                    probing = false;
                }
            }
        }
    }

    /** Why the store is known down, or null when it is not. */
    public synchronized String downBecause() {
        return downBecause;
    }

    private synchronized boolean admit() {
        if (downBecause == null) {
            return false;
        }
        if (probing || nanoClock.getAsLong() - nextProbeNanos < 0) {
            throw new StoreUnavailableException("the store is known to be down (" + downBecause
                    + "); it is tried again every " + TimeUnit.NANOSECONDS.toMillis(reprobeNanos) + " ms");
        }
        probing = true;
        return true;
    }

    private synchronized void opened(String reason) {
        downBecause = reason;
        nextProbeNanos = nanoClock.getAsLong() + reprobeNanos;
    }

    private synchronized void closed() {
        downBecause = null;
    }
}
