package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The metric helper reads a reported value exactly and fails on a metric the server does not report. */
class MetricsTest {
    private static final URI SERVER = URI.create("http://localhost:1");
    private static final String BODY = """
            # TYPE coditect_gateway_relay_buffered_bytes gauge
            coditect_gateway_relay_buffered_bytes{mp_scope="application",} 65536.0
            coditect_gateway_slow_clients_total{mp_scope="application",} 2.0
            """;

    @Test
    void parse_reported_itsValue() {
        assertThat(Metrics.parse(BODY, "coditect_gateway_relay_buffered_bytes", SERVER)).isEqualTo(65536.0);
        assertThat(Metrics.parse(BODY, "coditect_gateway_slow_clients_total", SERVER)).isEqualTo(2.0);
    }

    @Test
    void parse_missingOrOnlyAPrefix_fails() {
        assertThatThrownBy(() -> Metrics.parse(BODY, "coditect_gateway_relay_buffered", SERVER))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not report");
        assertThatThrownBy(() -> Metrics.parse(BODY, "coditect_terminals_flow_control_pauses_total", SERVER))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not report");
    }

    @Test
    void loopbackConnectionBytes_bothKernelMaxima() {
        assertThat(Metrics.loopbackConnectionBytes()).isGreaterThan(2 * 4096);
    }
}
