package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void full_takesUpToCapacity_thenRefuses_andSaysHowLongUntilTheNext() {
        TokenBucket bucket = new TokenBucket(3, 3, MINUTE, 0);
        assertThat(bucket.tryTake(1, 0)).isTrue();
        assertThat(bucket.tryTake(2, 0)).isTrue();
        assertThat(bucket.tryTake(1, 0)).isFalse();
        assertThat(bucket.nanosUntil(1)).isEqualTo(TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void refill_wholePeriodsGiveWholeTokensExactly_andNeverPastCapacity() {
        TokenBucket bucket = new TokenBucket(2, 2, TimeUnit.SECONDS.toNanos(1), 0);
        bucket.tryTake(2, 0);
        assertThat(bucket.tryTake(1, 250_000_000L)).as("half a token").isFalse();
        assertThat(bucket.tryTake(1, 500_000_000L)).as("exactly one").isTrue();
        assertThat(bucket.tryTake(3, TimeUnit.HOURS.toNanos(1))).as("capacity is 2").isFalse();
        assertThat(bucket.tryTake(2, TimeUnit.HOURS.toNanos(1))).isTrue();
        assertThat(bucket.updatedAt()).isEqualTo(TimeUnit.HOURS.toNanos(1));
    }

    @Test
    void refusedTake_spendsNothing() {
        TokenBucket bucket = new TokenBucket(4, 1, MINUTE, 0);
        assertThat(bucket.tryTake(5, 0)).isFalse();
        assertThat(bucket.tryTake(4, 0)).isTrue();
    }

    @Test
    void nonPositiveRates_refused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
