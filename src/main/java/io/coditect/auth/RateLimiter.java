package io.coditect.auth;

import io.coditect.platform.TokenBucket;
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
    private final Map<String, Budget> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** One caller's bucket under one limit, and that limit's period (after which an idle bucket is full). */
    private record Budget(TokenBucket bucket, long periodNanos) {
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
        long[] wait = new long[1];
        // compute() runs one caller's take at a time: the bucket is only touched inside it.
        buckets.compute(limit.name() + '\u0000' + caller, (key, old) -> {
            Budget budget = old != null ? old
                    : new Budget(new TokenBucket(limit.requests(), limit.requests(), periodNanos, now), periodNanos);
            wait[0] = budget.bucket().tryTake(1, now) ? 0 : budget.bucket().nanosUntil(1);
            return budget;
        });
        sweep(now);
        return wait[0];
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
        // Per key under compute's lock, so a bucket is never dropped while a take uses it.
        buckets.keySet().forEach(key -> buckets.computeIfPresent(key,
                (k, budget) -> now - budget.bucket().updatedAt() >= budget.periodNanos() ? null : budget));
    }
}
