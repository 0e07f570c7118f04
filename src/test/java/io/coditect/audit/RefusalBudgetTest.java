package io.coditect.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A flood of refused requests becomes a bounded number of events, and the trail says how many were left out. */
class RefusalBudgetTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RefusalBudget budget = new RefusalBudget(2, nanos::get);

    @Test
    void take_burstThenRefill_overflowCountedOnTheNextRecorded() {
        int recorded = 0;
        for (int i = 0; i < 100; i++) {
            if (budget.take() >= 0) {
                recorded++;
            }
        }
        assertThat(recorded).as("a burst of ten seconds' worth").isEqualTo(20);

        nanos.addAndGet(250_000_000L);
        assertThat(budget.take()).as("a quarter second at 2 a second: half a refusal, still short").isEqualTo(-1);
        nanos.addAndGet(250_000_000L);

        assertThat(budget.take()).as("the refusals left out before it").isEqualTo(81);
        assertThat(budget.take()).isEqualTo(-1);
    }

    @Test
    void take_quietForLong_refillsOnlyToTheBurst() {
        nanos.addAndGet(3_600_000_000_000L);

        long recorded = IntStream.range(0, 50).filter(i -> budget.take() >= 0).count();

        assertThat(recorded).isEqualTo(20);
    }

    @Test
    void budget_notPositive_refused() {
        assertThatThrownBy(() -> new RefusalBudget(0, nanos::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coditect.audit.max-refusals-per-second");
    }
}
