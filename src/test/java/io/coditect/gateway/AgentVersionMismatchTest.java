package io.coditect.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.AgentProtocol;
import org.junit.jupiter.api.Test;

/** An agent's refusal of the gateway's protocol version becomes a clear 503 for the gateway's client. */
class AgentVersionMismatchTest {
    private static final String REFUSAL = "{\"error\":\"agent_version_mismatch\",\"message\":\"This agent speaks agent"
            + " protocol 2; the gateway sent protocol '1'.\"}";

    @Test
    void agentRefusesTheVersion_503AgentVersionMismatch_withTheAgentsWordsAndWhatToDo() {
        assertThat(AgentClient.versionMismatch("ws-aaaaaaaaaaaa", 400, REFUSAL)).hasValueSatisfying(error -> {
            assertThat(error.status()).isEqualTo(503);
            assertThat(error.code()).isEqualTo(AgentProtocol.VERSION_MISMATCH);
            assertThat(error.retryAfterSeconds()).isEqualTo(AgentClient.RETRY_AFTER_SECONDS);
            assertThat(error.getMessage()).contains("ws-aaaaaaaaaaaa", "agent protocol 2", "Stop and start the workspace");
        });
    }

    @Test
    void otherRefusals_notAVersionMismatch() {
        assertThat(AgentClient.versionMismatch("ws-a", 400, "{\"error\":\"invalid_cwd\",\"message\":\"no\"}")).isEmpty();
        assertThat(AgentClient.versionMismatch("ws-a", 404, REFUSAL)).isEmpty();
        assertThat(AgentClient.versionMismatch("ws-a", 400, "<html>Bad Request</html>")).isEmpty();
        assertThat(AgentClient.versionMismatch("ws-a", 400, "null")).isEmpty();
    }
}
