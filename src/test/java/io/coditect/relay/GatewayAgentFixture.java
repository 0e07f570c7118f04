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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gateway and an agent, two real Liberty servers on loopback, each its own process
 * ({@link GatewayAgentPair}): the gateway provisions one workspace through a mock Kubernetes API
 * server and reaches the agent through its URL template. One pair serves every class built on this
 * fixture in a row ({@link SharedPair}: started by the first, closed when the run ends or when
 * another class starts a pair of its own), since a pair takes longer to start than most of these
 * classes take to run. What the ITs on it share: a
 * user and its token, that workspace's terminals through the gateway, and every secret sent, which
 * neither server's logs may hold ({@link #assertLogsHoldNoSecret}). A class leaves both servers
 * running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(GatewayAgentFixture.SharedPair.class)
abstract class GatewayAgentFixture {
    GatewayAgentPair pair;
    LibertyServer gateway;
    LibertyServer agent;
    String workspace;
    /** Every secret the tests send, for {@link #assertLogsHoldNoSecret()}. */
    List<String> secrets;
    private Started started;

    /** The pair once started, with the user it was started for. */
    static final class Started implements AutoCloseable {
        final GatewayAgentPair pair = GatewayAgentPair.ofBuild();
        final String user = TestIdentityProvider.uniqueUser("alice");
        final List<String> secrets = new CopyOnWriteArrayList<>();
        final String workspace;
        private String token;
        private Instant tokenMinted;

        Started() {
            workspace = pair.start(this::token, "gateway");
        }

        /**
         * The user's bearer token, minted again every few minutes: on a loaded machine the classes
         * run longer than a token lives (10 minutes).
         */
        synchronized String token() {
            if (token == null || Duration.between(tokenMinted, Instant.now()).compareTo(Duration.ofMinutes(4)) > 0) {
                token = TestIdentityProvider.token(user);
                tokenMinted = Instant.now();
                secrets.add(token);
            }
            return token;
        }

        @Override
        public void close() {
            pair.close();
        }
    }

    /**
     * Hands each class the one {@link Started} pair, kept in JUnit's root store, which closes it
     * (an {@link AutoCloseable}) when the run ends.
     */
    static final class SharedPair implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(SharedPair.class));
            Started shared = store.get(Started.class, Started.class);
            if (shared == null || !shared.pair.running()) {
                // The first class of this fixture, or another class's pair has replaced it since.
                shared = new Started();
                store.put(Started.class, shared);
            }
            GatewayAgentFixture fixture = (GatewayAgentFixture) context.getRequiredTestInstance();
            fixture.started = shared;
            fixture.pair = shared.pair;
            fixture.gateway = shared.pair.gateway();
            fixture.agent = shared.pair.agent();
            fixture.workspace = shared.workspace;
            fixture.secrets = shared.secrets;
        }
    }

    /** Neither server's logs hold a secret the tests sent, nor any JSON Web Token at all. */
    void assertLogsHoldNoSecret() {
        for (LibertyServer server : List.of(gateway, agent)) {
            Path console = server.logs().getParent().resolveSibling(server.name() + ".console");
            ServerLogs.assertNoSecrets(server.name(), ServerLogs.read(server.logs(), console), secrets);
        }
    }

    String token() {
        return started.token();
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
