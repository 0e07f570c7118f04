package io.coditect.terminal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void tryAcquire_burstUpToOneSecondThenRefilled() {
        InputRateLimiter limiter = new InputRateLimiter(1000, 0);

        assertThat(limiter.tryAcquire(600, 0)).isTrue();
        assertThat(limiter.tryAcquire(600, 0)).isFalse();
        assertThat(limiter.tryAcquire(400, 0)).isTrue();
        assertThat(limiter.tryAcquire(500, SECOND / 2)).isTrue();
        assertThat(limiter.tryAcquire(1, SECOND / 2)).isFalse();
        assertThat(limiter.tryAcquire(1000, 10 * SECOND)).isTrue();
        assertThat(limiter.tryAcquire(1, 10 * SECOND)).isFalse();
    }
}
