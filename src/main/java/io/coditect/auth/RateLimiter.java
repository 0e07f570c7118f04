package io.coditect.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per (limit, caller): a bucket holds up to {@code requests} tokens, refills at
 * {@code requests} per {@code period}, and each call takes one. Buckets that have refilled
 * completely are dropped, so memory follows the callers active within one period.
 */
public final class RateLimiter {
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    private record Bucket(double tokens, long updatedAt, long periodNanos, long waitNanos) {
    }

    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /**
     * Takes one call from {@code caller}'s budget under {@code limit}.
     *
     * @return 0 if the call may proceed, else the nanoseconds until it would be allowed
     */
    public long acquire(RateLimit limit, String caller) {
        long now = nanoClock.getAsLong();
        long periodNanos = limit.period().toNanos();
        double perNano = limit.requests() / (double) periodNanos;
        Bucket bucket = buckets.compute(limit.name() + '\u0000' + caller, (key, old) -> {
            double tokens = old == null ? limit.requests()
                    : Math.min(limit.requests(), old.tokens() + (now - old.updatedAt()) * perNano);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now, periodNanos, 0);
            }
            return new Bucket(tokens, now, periodNanos, (long) Math.ceil((1 - tokens) / perNano));
        });
        sweep(now);
        return bucket.waitNanos();
    }

    /** Seconds to put in {@code Retry-After} for a wait: rounded up, at least one. */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    int trackedCallers() {
        return buckets.size();
    }

    private void sweep(long now) {
        long since = lastSweep;
        if (now - since < TimeUnit.SECONDS.toNanos(10)) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(bucket -> now - bucket.updatedAt() >= bucket.periodNanos());
    }
}
