package io.coditect.platform;

/**
 * A token bucket: it holds up to {@code capacity} tokens, gains {@code refill} tokens every
 * {@code refillNanos} (continuously), and a take succeeds only when the bucket holds what is asked.
 * Times are {@link System#nanoTime()}-scale readings passed in, so tests choose them. Not
 * thread-safe: its owner serializes the calls. Arithmetic multiplies before it divides, so whole
 * periods give whole tokens exactly.
 */
public final class TokenBucket {
    private final double capacity;
    private final double refill;
    private final long refillNanos;
    private double tokens;
    private long updatedAt;

    /** A full bucket as of {@code nowNanos}. */
    public TokenBucket(double capacity, double refill, long refillNanos, long nowNanos) {
        if (capacity <= 0 || refill <= 0 || refillNanos <= 0) {
            throw new IllegalArgumentException("a token bucket needs a positive capacity and refill rate");
        }
        this.capacity = capacity;
        this.refill = refill;
        this.refillNanos = refillNanos;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
    }

    /** Takes {@code amount} tokens if the bucket, refilled up to {@code nowNanos}, holds them. */
    public boolean tryTake(double amount, long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) * refill / refillNanos);
        updatedAt = nowNanos;
        if (tokens < amount) {
            return false;
        }
        tokens -= amount;
        return true;
    }

    /** Nanoseconds from the last take until the bucket holds {@code amount}; 0 if it does now. */
    public long nanosUntil(double amount) {
        return tokens >= amount ? 0 : (long) Math.ceil((amount - tokens) * refillNanos / refill);
    }

    /** When the bucket was last refilled (by a take). */
    public long updatedAt() {
        return updatedAt;
    }
}
