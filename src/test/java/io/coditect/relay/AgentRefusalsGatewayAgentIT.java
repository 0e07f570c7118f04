package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.AgentProtocol;
import io.coditect.testing.Api;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestGatewayKeys;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An agent, reached straight, not through its gateway ({@link GatewayAgentFixture}): it refuses
 * every call and attach but a gateway's service credential for its own workspace, and a gateway of
 * another protocol version, each with the code of protocol.md's table; and no credential, forged or
 * genuine, reaches either server's logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentRefusalsGatewayAgentIT extends GatewayAgentFixture {
    @Test
    @Order(1)
    void agent_refusesEverythingButAGatewaysCredentialForItsWorkspace() {
        String path = "/api/agent/v1/workspaces/" + workspace + "/terminals";
        Api.Target direct = Api.at(agent.baseUri());

        assertAgentRefused(agentGet(direct, path), 401, "service_credential_required");
        assertAgentRefused(agentGet(direct, path, "Authorization", "Bearer " + token()), 401, "invalid_service_credential");
        assertAgentRefused(agentGet(direct, path, credential(TestGatewayKeys.otherPrivateKey(), workspace)), 401,
                "invalid_service_credential");
        assertAgentRefused(agentGet(direct, path, credential(TestGatewayKeys.privateKey(), "ws-000000000000")), 401,
                "invalid_service_credential");
        assertAgentRefused(agentGet(direct, "/api/agent/v1/workspaces/ws-000000000000/terminals",
                credential(TestGatewayKeys.privateKey(), "ws-000000000000")), 404, "workspace_not_found");
        assertThat(agentGet(direct, path, credential(TestGatewayKeys.privateKey(), workspace)).status()).isEqualTo(200);

        assertAgentRefused(direct.get("/api/v1/workspaces", token()), 404, "not_found");
        assertThat(viaGateway().get(path, token()).status()).isEqualTo(404);
        assertThat(viaGateway().get(path, token()).json().getString("error")).isEqualTo("not_found");
    }

    @Test
    @Order(1)
    void agentAttach_refusesEverythingButAGatewaysCredentialForItsWorkspace() {
        String terminal = createTerminal();
        String attach = "/api/agent/v1/workspaces/" + workspace + "/terminals/" + terminal + "/attach";

        assertAgentRefused(TerminalSocket.refused(agent.baseUri(), attach, PROTOCOL), 401, "service_credential_required");
        assertAgentRefused(TerminalSocket.refused(agent.baseUri(), attach,
                Map.of("Authorization", "Bearer " + token(), AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION))),
                401, "invalid_service_credential");
        assertAgentRefused(TerminalSocket.refused(agent.baseUri(), attach,
                header(credential(TestGatewayKeys.otherPrivateKey(), workspace))), 401, "invalid_service_credential");
        assertAgentRefused(TerminalSocket.refused(agent.baseUri(), attach,
                header(credential(TestGatewayKeys.privateKey(), "ws-000000000000"))), 401, "invalid_service_credential");
        assertAgentRefused(TerminalSocket.refused(agent.baseUri(),
                "/api/agent/v1/workspaces/ws-000000000000/terminals/" + terminal + "/attach",
                header(credential(TestGatewayKeys.privateKey(), "ws-000000000000"))), 404, "workspace_not_found");
        // A user's attach on the agent's public path: there is no such API on an agent.
        assertAgentRefused(TerminalSocket.refused(agent.baseUri(), TerminalSocket.attachPath(workspace, terminal),
                Map.of("Authorization", "Bearer " + token())), 404, "not_found");

        try (TerminalSocket accepted = TerminalSocket.open(agent.baseUri(), attach,
                header(credential(TestGatewayKeys.privateKey(), workspace)))) {
            assertThat(accepted.attached().getString("type")).isEqualTo("attached");
        }
        assertThat(viaGateway().delete(terminals() + "/" + terminal, token()).status()).isEqualTo(204);
    }

    private static void assertAgentRefused(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().getString("error")).isEqualTo(code);
        assertThat(reply.json().getString("message")).isNotBlank();
        if (status == 401) {
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"coditect-agent\"");
        }
    }

    private static void assertAgentRefused(TerminalSocket.Refusal refusal, int status, String code) {
        assertAgentRefused(new Api.Reply(refusal.status(), refusal.body(), refusal.headers()), status, code);
    }

    /** The protocol version header alone, as a gateway of this release sends it on every agent call. */
    private static final Map<String, String> PROTOCOL = Map.of(AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION));

    /** A credential header plus the protocol version, as a gateway of this release sends them. */
    private static Map<String, String> header(String[] nameAndValue) {
        return Map.of(nameAndValue[0], nameAndValue[1], AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION));
    }

    /** A GET straight to the agent as a gateway of this release sends it: these headers and the protocol version. */
    private static Api.Reply agentGet(Api.Target agentServer, String path, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = AgentProtocol.HEADER;
        all[headers.length + 1] = String.valueOf(AgentProtocol.VERSION);
        return agentServer.get(path, all);
    }

    @Test
    @Order(1)
    void agent_refusesAGatewayOfAnotherProtocolVersion_withAStableCode_callAndUpgrade() {
        String path = "/api/agent/v1/workspaces/" + workspace + "/terminals";
        String valid = credential(TestGatewayKeys.privateKey(), workspace)[1];
        Api.Target direct = Api.at(agent.baseUri());

        Api.Reply none = direct.get(path, "Authorization", valid);
        Api.Reply newer = direct.get(path, "Authorization", valid, AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION + 1));
        TerminalSocket.Refusal upgrade = TerminalSocket.refused(agent.baseUri(), path + "/t-000000000000/attach",
                Map.of("Authorization", valid, AgentProtocol.HEADER, "0"));

        assertAgentRefused(none, 400, AgentProtocol.VERSION_MISMATCH);
        assertThat(none.json().getString("message")).contains("no " + AgentProtocol.HEADER + " header");
        assertAgentRefused(newer, 400, AgentProtocol.VERSION_MISMATCH);
        assertAgentRefused(upgrade, 400, AgentProtocol.VERSION_MISMATCH);
    }

    /**
     * After the forged and genuine service credentials above, and the gateway's own credentials to
     * the agent, which the test never sees: no JSON Web Token at all may be logged.
     */
    @Test
    @Order(2)
    void logs_holdNoSecret() {
        assertLogsHoldNoSecret();
    }
}
