package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final RateLimit THREE_PER_MINUTE = new RateLimit("create", 3, Duration.ofMinutes(1));
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(now::get);

    @Test
    void acquire_withinLimit_allowed() {
        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isZero();
        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isZero();
        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isZero();
    }

    @Test
    void acquire_overLimit_waitUntilOneRequestRefilled() {
        drain("alice");

        long wait = limiter.acquire(THREE_PER_MINUTE, "alice");

        assertThat(wait).isEqualTo(TimeUnit.SECONDS.toNanos(20));
        assertThat(RateLimiter.retryAfterSeconds(wait)).isEqualTo(20);
    }

    @Test
    void acquire_afterRefillTime_allowedAgainOnce() {
        drain("alice");
        advance(Duration.ofSeconds(20));

        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isZero();
        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isPositive();
    }

    @Test
    void acquire_refusedCalls_doNotSpendBudget() {
        drain("alice");
        advance(Duration.ofSeconds(10));
        limiter.acquire(THREE_PER_MINUTE, "alice");
        advance(Duration.ofSeconds(10));

        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isZero();
    }

    @Test
    void acquire_otherCaller_ownBudget() {
        drain("alice");

        assertThat(limiter.acquire(THREE_PER_MINUTE, "bob")).isZero();
    }

    @Test
    void acquire_otherLimitName_ownBudget() {
        drain("alice");

        assertThat(limiter.acquire(new RateLimit("token", 3, Duration.ofMinutes(1)), "alice")).isZero();
    }

    @Test
    void acquire_longIdle_refillsOnlyToCapacity() {
        limiter.acquire(THREE_PER_MINUTE, "alice");
        advance(Duration.ofHours(5));

        drain("alice");
        assertThat(limiter.acquire(THREE_PER_MINUTE, "alice")).isPositive();
    }

    @Test
    void acquire_callersIdleForAPeriod_forgotten() {
        limiter.acquire(THREE_PER_MINUTE, "alice");
        limiter.acquire(THREE_PER_MINUTE, "bob");
        advance(Duration.ofMinutes(1));

        limiter.acquire(THREE_PER_MINUTE, "carol");

        assertThat(limiter.trackedCallers()).isEqualTo(1);
    }

    @Test
    void retryAfterSeconds_partialSecond_roundedUpToAtLeastOne() {
        assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(2_001))).isEqualTo(3);
    }

    private void drain(String caller) {
        for (int i = 0; i < THREE_PER_MINUTE.requests(); i++) {
            assertThat(limiter.acquire(THREE_PER_MINUTE, caller)).isZero();
        }
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
