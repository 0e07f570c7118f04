package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.Metrics;
import io.coditect.testing.ProductConfig;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that stops reading while its shell floods: the server stops reading that PTY (so the
 * flood is held in the shell, not in server memory), other terminals carry on, and the stuck
 * client is cut off after the slow-client timeout (12 s on the test server) and may re-attach.
 */
@ExtendWith(ArquillianExtension.class)
class TerminalFlowControlIT {
    private final String ALICE = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
    private static final long FLOOD_BYTES = 200_000_000L;
    /**
     * What the server may read from the PTY for a client that reads nothing: what the loopback
     * connection holds unread, one frame in flight and the documented window of unsent output.
     */
    private static final long READS_AT_MOST = Metrics.loopbackConnectionBytes() + TerminalSettings.OUTPUT_FRAME
            + ProductConfig.longValue("coditect.terminal.window-bytes");
    /** 25 samples 200 ms apart: the offset flat for 5 s. */
    private static final int FLAT_SAMPLES = 25;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void flood_clientStopsReading_ptyHeldOthersResponsiveSlowClientCutOff() {
        String workspace = Terminals.workspace(ALICE);
        String flooding = Terminals.bash(ALICE, workspace);
        String other = Terminals.bash(ALICE, workspace);

        try (TerminalSocket stalled = TerminalSocket.attach(workspace, flooding, ALICE, "")) {
            stalled.attached();
            double pausesBefore = metric("coditect_terminals_flow_control_pauses_total");
            stalled.pause();
            stalled.type("head -c " + FLOOD_BYTES + " /dev/zero | tr '\\0' x; echo; echo flood-$((7*7))\r");

            await().atMost(Duration.ofSeconds(30)).until(() -> metric("coditect_terminals_flow_control_pauses_total") > pausesBefore);
            try (TerminalSocket responsive = TerminalSocket.attach(workspace, other, ALICE, "")) {
                responsive.attached();
                responsive.type("echo quick-$((8*8))\r");
                responsive.awaitText("quick-64");
            }
            // The server reads what the client's connection holds and its window, then nothing more:
            // its offset settles and stays flat for 5 s, all while the client is still attached.
            List<Long> offsets = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!flatFor(offsets, FLAT_SAMPLES) && System.nanoTime() < deadline) {
                offsets.add(offset(workspace, flooding));
                sleep(200);
            }
            System.out.printf("flow control: the server read %d of %d bytes, then nothing over %d samples 200 ms apart%n",
                    offsets.getLast(), FLOOD_BYTES, FLAT_SAMPLES);
            assertThat(clients(workspace, flooding)).as("the stalled client is still attached").isEqualTo(1);
            assertThat(flatFor(offsets, FLAT_SAMPLES)).as("the terminal's offset every 200 ms while its client reads nothing: %s",
                    offsets).isTrue();
            assertThat(offsets.getLast()).isLessThanOrEqualTo(READS_AT_MOST);

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

    /** The last {@code count} samples are all equal. */
    private static boolean flatFor(List<Long> samples, int count) {
        return samples.size() >= count && samples.subList(samples.size() - count, samples.size()).stream().distinct().count() == 1;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A metric of the integration-test server; fails the test when the server does not report it. */
    static double metric(String name) {
        return Metrics.value(Api.baseUri(), name);
    }
}
