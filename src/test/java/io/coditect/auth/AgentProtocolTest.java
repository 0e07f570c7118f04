package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentProtocolTest {
    @Test
    void sameVersion_accepted() {
        assertThat(AgentProtocol.refusal(String.valueOf(AgentProtocol.VERSION))).isEmpty();
        assertThat(AgentProtocol.refusal(" " + AgentProtocol.VERSION + " ")).isEmpty();
    }

    @Test
    void otherVersion_refusedNamingBoth() {
        assertThat(AgentProtocol.refusal(String.valueOf(AgentProtocol.VERSION + 1))).hasValueSatisfying(why ->
                assertThat(why).contains("agent protocol " + AgentProtocol.VERSION, "protocol '" + (AgentProtocol.VERSION + 1) + "'"));
    }

    @Test
    void noHeader_aGatewayFromBeforeTheCheck_refused() {
        assertThat(AgentProtocol.refusal(null)).hasValueSatisfying(why ->
                assertThat(why).contains("no Coditect-Agent-Protocol header"));
    }

    @Test
    void garbage_refused() {
        assertThat(AgentProtocol.refusal("1; drop")).isPresent();
        assertThat(AgentProtocol.refusal("")).isPresent();
    }
}
