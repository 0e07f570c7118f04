package io.coditect.audit;

import io.coditect.platform.TokenBucket;
import java.util.function.LongSupplier;

/**
 * How many refusals one server records per second: a token bucket of {@code perSecond} a second
 * (a burst of ten seconds' worth). Refusals are the one kind of event anyone can cause without a
 * token, so without a bound a flood of bad requests would become a flood of store writes. What is
 * over the budget is counted and the count goes with the next refusal recorded
 * ({@code suppressed}), so the trail says that refusals were left out and how many.
 */
final class RefusalBudget {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TokenBucket bucket;
    private final LongSupplier nanos;
    private long suppressed;

    RefusalBudget(double perSecond, LongSupplier nanos) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("coditect.audit.max-refusals-per-second must be positive, not " + perSecond);
        }
        this.bucket = new TokenBucket(perSecond * 10, perSecond, NANOS_PER_SECOND, nanos.getAsLong());
        this.nanos = nanos;
    }

    /** -1 when this refusal is over the budget (counted), else how many were left out before it (0 or more). */
    synchronized long take() {
        if (!bucket.tryTake(1, nanos.getAsLong())) {
            suppressed++;
            return -1;
        }
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
