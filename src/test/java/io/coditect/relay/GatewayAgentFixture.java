package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.ServiceCredentials;
import io.coditect.testing.Api;
import io.coditect.testing.GatewayAgentPair;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.ServerLogs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestIdentityProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A gateway and an agent, two real Liberty servers on loopback, each its own process, started once
 * for the class ({@link GatewayAgentPair}): the gateway provisions one workspace through a mock
 * Kubernetes API server and reaches the agent through its URL template. What the ITs on them share:
 * a user and its token, that workspace's terminals through the gateway, and every secret sent, which
 * neither server's logs may hold ({@link #assertLogsHoldNoSecret}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayAgentFixture {
    final GatewayAgentPair pair = GatewayAgentPair.ofBuild();
    final LibertyServer gateway = pair.gateway();
    final LibertyServer agent = pair.agent();
    private final String user = TestIdentityProvider.uniqueUser("alice");
    /** Every secret the tests send, for {@link #assertLogsHoldNoSecret()}. */
    final List<String> secrets = new ArrayList<>();
    private String token;
    private Instant tokenMinted;
    String workspace;

    @BeforeAll
    void startServers() {
        workspace = pair.start(this::token, "gateway");
    }

    @AfterAll
    void stopServers() {
        pair.close();
    }

    /** Neither server's logs hold a secret the tests sent, nor any JSON Web Token at all. */
    void assertLogsHoldNoSecret() {
        for (LibertyServer server : List.of(gateway, agent)) {
            Path console = server.logs().getParent().resolveSibling(server.name() + ".console");
            ServerLogs.assertNoSecrets(server.name(), ServerLogs.read(server.logs(), console), secrets);
        }
    }

    /**
     * The user's bearer token, minted again every few minutes: on a loaded machine the class runs
     * longer than a token lives (10 minutes).
     */
    String token() {
        if (token == null || Duration.between(tokenMinted, Instant.now()).compareTo(Duration.ofMinutes(4)) > 0) {
            token = TestIdentityProvider.token(user);
            tokenMinted = Instant.now();
            secrets.add(token);
        }
        return token;
    }

    Api.Target viaGateway() {
        return Api.at(gateway.baseUri());
    }

    String terminals() {
        return "/api/v1/workspaces/" + workspace + "/terminals";
    }

    String createTerminal() {
        Api.Reply reply = viaGateway().post(terminals(), token(), "{\"cols\":80,\"rows\":24,\"shell\":\"/bin/bash\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    TerminalSocket attach(String terminal, String query) {
        return TerminalSocket.open(gateway.baseUri(), TerminalSocket.attachPath(workspace, terminal) + query,
                Map.of("Authorization", "Bearer " + token()));
    }

    /** A gateway's service credential as the test mints it (remembered as a secret the logs must not hold). */
    String[] credential(PrivateKey key, String workspaceId) {
        String credential = ServiceCredentials.issue(key, workspaceId, "alice", Instant.now(), Duration.ofMinutes(1));
        secrets.add(credential);
        return new String[] {"Authorization", "Bearer " + credential};
    }
}
