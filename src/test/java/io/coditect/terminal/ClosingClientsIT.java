package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that stopped reading while their terminals flood, then all send a close frame at once
 * and keep their connections (architecture.md, "The server's thread pool"). The server must keep
 * serving meanwhile, and let the clients go once the slow-client cut-off (12 s on the test server)
 * ends their writes. It does not reproduce the soak's wedge (all pool threads in Liberty's
 * {@code waitToClose}): it passes with Liberty's own floor of threads too, so it guards the
 * behaviour, not the executor floor.
 */
@ExtendWith(ArquillianExtension.class)
class ClosingClientsIT {
    /** Twelve closes at once: three times the thread pool Liberty keeps by default on two CPUs. */
    private static final int TERMINALS = 2;
    private static final int CLIENTS_PER_TERMINAL = 6;

    private final String carol = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("carol"));
    private final String dave = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("dave"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void closeFramesFromStalledClients_manyAtOnce_serverKeepsServingAndLetsThemGo() {
        String workspace = Terminals.workspace(carol);
        List<String> flooding = new ArrayList<>();
        List<TerminalSocket> stalled = new ArrayList<>();
        try {
            for (int t = 0; t < TERMINALS; t++) {
                String terminal = Terminals.bash(carol, workspace);
                flooding.add(terminal);
                for (int c = 0; c < CLIENTS_PER_TERMINAL; c++) {
                    TerminalSocket client = TerminalSocket.attach(workspace, terminal, carol, "");
                    client.attached();
                    client.pause();
                    stalled.add(client);
                }
            }
            double pausesBefore = TerminalFlowControlIT.metric("coditect_terminals_flow_control_pauses_total");
            for (int t = 0; t < TERMINALS; t++) {
                stalled.get(t * CLIENTS_PER_TERMINAL).type("yes flood-line\r");
            }
            // Each terminal paused once its clients were a window behind: a write to each is in flight, stuck.
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    TerminalFlowControlIT.metric("coditect_terminals_flow_control_pauses_total") >= pausesBefore + TERMINALS);

            stalled.forEach(TerminalSocket::sendCloseOnly);

            String otherWorkspace = Terminals.workspace(dave);
            String other = Terminals.bash(dave, otherWorkspace);
            try (TerminalSocket fresh = TerminalSocket.attach(otherWorkspace, other, dave, "")) {
                fresh.attached();
                fresh.type("echo alive-$((6*7))\r");
                fresh.awaitText("alive-42");
            }
            assertThat(Api.management().get("/health/ready", (String) null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(flooding)
                    .as("terminals whose stalled clients are all gone")
                    .allSatisfy(terminal -> assertThat(clients(workspace, terminal)).isZero()));
        } finally {
            stalled.forEach(TerminalSocket::close);
            flooding.forEach(terminal -> Api.delete(Terminals.path(workspace) + "/" + terminal, carol));
        }
    }

    private int clients(String workspace, String terminal) {
        return Api.get(Terminals.path(workspace) + "/" + terminal, carol).json().getInt("clients");
    }
}
