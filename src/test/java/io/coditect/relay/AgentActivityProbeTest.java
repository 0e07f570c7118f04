package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentActivityProbeTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static TerminalInfo terminal(int clients, Instant lastActive) {
        return new TerminalInfo("t-aaaaaaaaaaaa", "ws-aaaaaaaaaaaa", "/bin/sh", "/", 80, 24, TerminalState.RUNNING, null,
                0, 0, clients, NOW.minusSeconds(3600), lastActive);
    }

    @Test
    void newest_noClients_latestInputOrOutputOfAnyTerminal() {
        assertThat(AgentActivityProbe.newest(List.of(terminal(0, NOW.minusSeconds(50)), terminal(0, NOW.minusSeconds(10))), NOW))
                .contains(NOW.minusSeconds(10));
    }

    @Test
    void newest_aClientAttachedAnywhere_now() {
        assertThat(AgentActivityProbe.newest(List.of(terminal(0, NOW.minusSeconds(50)), terminal(1, NOW.minusSeconds(900))), NOW))
                .contains(NOW);
    }

    @Test
    void newest_noTerminals_nothing() {
        assertThat(AgentActivityProbe.newest(List.of(), NOW)).isEmpty();
    }
}
