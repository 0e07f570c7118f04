package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that stops reading while its shell floods: the server stops reading that PTY (so the
 * flood is held in the shell, not in server memory), other terminals carry on, and the stuck
 * client is cut off after the slow-client timeout (4 s on the test server) and may re-attach.
 */
@ExtendWith(ArquillianExtension.class)
class TerminalFlowControlIT {
    private final String ALICE = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
    private static final long FLOOD_BYTES = 200_000_000L;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void flood_clientStopsReading_ptyHeldOthersResponsiveSlowClientCutOff() {
        String workspace = Terminals.workspace(ALICE);
        String flooding = Terminals.bash(ALICE, workspace);
        String other = Terminals.bash(ALICE, workspace);
        double pausesBefore = metric("coditect_terminals_flow_control_pauses_total");

        try (TerminalSocket stalled = TerminalSocket.attach(workspace, flooding, ALICE, "")) {
            stalled.attached();
            stalled.pause();
            stalled.type("head -c " + FLOOD_BYTES + " /dev/zero | tr '\\0' x; echo; echo flood-$((7*7))\r");

            await().atMost(Duration.ofSeconds(30)).until(() -> metric("coditect_terminals_flow_control_pauses_total") > pausesBefore);
            try (TerminalSocket responsive = TerminalSocket.attach(workspace, other, ALICE, "")) {
                responsive.attached();
                responsive.type("echo quick-$((8*8))\r");
                responsive.awaitText("quick-64");
            }
            long heldAt = offset(workspace, flooding);
            assertThat(heldAt).isLessThan(FLOOD_BYTES / 4);

            await().atMost(Duration.ofSeconds(30)).until(() -> clients(workspace, flooding) == 0);
        }

        try (TerminalSocket again = TerminalSocket.attach(workspace, flooding, ALICE, "?offset=0")) {
            JsonObject attached = again.attached();
            assertThat(attached.getBoolean("truncated")).isTrue();
            again.awaitText("flood-49");
            assertThat(offset(workspace, flooding)).isGreaterThan(FLOOD_BYTES);
        }
    }

    private long offset(String workspace, String terminal) {
        return Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json().getJsonNumber("offset").longValue();
    }

    private int clients(String workspace, String terminal) {
        return Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json().getInt("clients");
    }

    static double metric(String name) {
        String body = Api.get("/metrics?scope=application", null).body();
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(body);
        return value.find() ? Double.parseDouble(value.group(2)) : 0;
    }
}
