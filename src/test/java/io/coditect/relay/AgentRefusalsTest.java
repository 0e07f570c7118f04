package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.AgentProtocol;
import io.coditect.platform.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An agent's refusals, by status and code: what reaches the gateway's client. */
class AgentRefusalsTest {
    private static final String WORKSPACE = "ws-aaaaaaaaaaaa";
    private static final Supplier<ApiException> UNAVAILABLE = () -> ApiException.unavailable("agent_unavailable", "away", 5);

    private static ApiException refusal(int status, String body) {
        return AgentRefusals.of(WORKSPACE, status, AgentRefusals.error(body.getBytes(StandardCharsets.UTF_8)), UNAVAILABLE);
    }

    @Test
    void agentRefusesTheVersion_503AgentVersionMismatch_withTheAgentsWordsAndWhatToDo() {
        ApiException error = refusal(400, "{\"error\":\"agent_version_mismatch\",\"message\":\"This agent speaks agent"
                + " protocol 2; the gateway sent protocol '1'.\"}");
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.code()).isEqualTo(AgentProtocol.VERSION_MISMATCH);
        assertThat(error.retryAfterSeconds()).isEqualTo(AgentClient.RETRY_AFTER_SECONDS);
        assertThat(error.getMessage()).contains(WORKSPACE, "agent protocol 2", "Stop and start the workspace");
    }

    @Test
    void versionMismatchCodeWithAnotherStatus_agentUnavailable() {
        assertThat(refusal(404, "{\"error\":\"agent_version_mismatch\",\"message\":\"x\"}").code()).isEqualTo("agent_unavailable");
    }

    @Test
    void requestRefusals_passedOnWithStatusCodeAndMessage() {
        ApiException error = refusal(409, "{\"error\":\"terminal_limit_reached\",\"message\":\"too many\"}");
        assertThat(error.status()).isEqualTo(409);
        assertThat(error.code()).isEqualTo("terminal_limit_reached");
        assertThat(error.getMessage()).isEqualTo("too many");
        assertThat(refusal(503, "{\"error\":\"terminal_start_failed\",\"message\":\"no shell\"}").code())
                .isEqualTo("terminal_start_failed");
    }

    @Test
    void credentialRefused_notFoundOfTheWorkspace_serverErrors_agentUnavailable() {
        assertThat(refusal(401, "{\"error\":\"invalid_token\"}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(403, "{\"error\":\"forbidden\"}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(404, "{\"error\":\"workspace_not_found\",\"message\":\"x\"}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(404, "{\"error\":\"not_found\",\"message\":\"x\"}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(500, "{\"error\":\"internal\",\"message\":\"x\"}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(418, "{\"error\":\"teapot\",\"message\":\"x\"}").code()).isEqualTo("agent_unavailable");
    }

    @Test
    void bodiesNotInTheErrorShape_agentUnavailable() {
        assertThat(refusal(400, "<html>Bad Request</html>").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(400, "null").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(400, "[\"error\"]").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(400, "{\"error\":42}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(400, "{\"error\":\"Not A Code!\"}").code()).isEqualTo("agent_unavailable");
        assertThat(refusal(400, "").code()).isEqualTo("agent_unavailable");
    }

    @Test
    void terminalNotFound_byStatusAndCode_notBySearchingTheBody() {
        assertThat(AgentRefusals.terminalNotFound(404, AgentRefusals.error(
                "{\"error\":\"terminal_not_found\"}".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(AgentRefusals.terminalNotFound(404, AgentRefusals.error(
                "{\"error\":\"gone\",\"message\":\"\\\"terminal_not_found\\\"\"}".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(AgentRefusals.terminalNotFound(400, AgentRefusals.error(
                "{\"error\":\"terminal_not_found\"}".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void longMessage_cut() {
        ApiException error = refusal(400, "{\"error\":\"invalid_cwd\",\"message\":\"" + "x".repeat(100_000) + "\"}");
        assertThat(error.getMessage()).hasSize(AgentRefusals.MAX_MESSAGE_CHARS);
    }
}
