package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreCircuitTest {
    private long now;
    private final StoreCircuit circuit = new StoreCircuit(1000, () -> now);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void unavailable_laterCallsFailAtOnceUntilTheReprobe_thenAnAnswerClosesIt() {
        assertThatThrownBy(() -> circuit.call(this::down)).hasMessageContaining("cluster unreachable");

        now += TimeUnit.MILLISECONDS.toNanos(999);
        assertThatThrownBy(() -> circuit.call(this::up))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("known to be down").hasMessageContaining("cluster unreachable");
        assertThat(calls).hasValue(1);

        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(circuit.call(this::up)).isEqualTo("answer");
        assertThat(circuit.downBecause()).isNull();
        assertThat(circuit.call(this::up)).isEqualTo("answer");
        assertThat(calls).hasValue(3);
    }

    @Test
    void reprobeStillDown_closedForAnotherInterval() {
        assertThatThrownBy(() -> circuit.call(this::down)).isInstanceOf(StoreUnavailableException.class);
        now += TimeUnit.SECONDS.toNanos(1);

        assertThatThrownBy(() -> circuit.call(this::down)).hasMessageContaining("cluster unreachable");
        assertThatThrownBy(() -> circuit.call(this::up)).hasMessageContaining("known to be down");
        assertThat(calls).hasValue(2);
    }

    @Test
    void workOrLimitFails_notAnOutage_circuitStaysClosed() {
        assertThatThrownBy(() -> circuit.call(() -> {
            throw new IllegalArgumentException("value over the limit");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(circuit.call(this::up)).isEqualTo("answer");
    }

    private String down() {
        calls.incrementAndGet();
        throw new StoreUnavailableException("cluster unreachable");
    }

    private String up() {
        calls.incrementAndGet();
        return "answer";
    }
}
