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
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's persistence case against a real server that is really restarted: the Liberty process
 * is stopped ({@code server stop}, with the application still deployed) and started again, and the
 * application comes back from its dropins directory with the same store and data directory.
 */
@ExtendWith(ArquillianExtension.class)
class TerminalRestartIT {
    private static final String SERVER = "liberty-restart-it";
    private static final String APPLICATION = "coditect";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String alice = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));

    @ArquillianResource
    private ContainerController server;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = APPLICATION, managed = false, testable = false)
    @TargetsContainer(SERVER)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void restart_bashSession_backWithDirectoryEnvironmentHistoryAndOutput_deletedTerminalGone() {
        server.start(SERVER);
        try {
            deployer.deploy(APPLICATION);
            String workspace = Terminals.workspace(alice);
            String kept = Terminals.bash(alice, workspace);
            String deleted = Terminals.bash(alice, workspace);
            assertThat(Api.delete(Terminals.path(workspace) + "/" + deleted, alice).status()).isEqualTo(204);
            long offset;
            try (TerminalSocket socket = TerminalSocket.attach(workspace, kept, alice, "")) {
                socket.type("cd /tmp\r");
                socket.type("export FOO=bar\r");
                socket.type("echo persisted-$((6*7))\r");
                // Bash reports its state before each prompt: once the next command has run, it has.
                socket.type("echo next-$((2+3))\r");
                await().atMost(WAIT).untilAsserted(() -> assertThat(socket.text()).contains("next-5"));
                offset = socket.offset();
            }

            restart();

            assertThat(Api.get(Terminals.path(workspace), alice).jsonArray().getValuesAs(JsonObject.class))
                    .extracting(t -> t.getString("id") + ":" + t.getString("status"))
                    .containsExactly(kept + ":restorable");
            assertThat(Api.get(Terminals.path(workspace) + "/" + deleted, alice).status()).isEqualTo(404);

            try (TerminalSocket resumed = TerminalSocket.attach(workspace, kept, alice, "?offset=" + offset)) {
                assertThat(resumed.attached().getJsonNumber("offset").longValue()).isEqualTo(offset);
                assertThat(resumed.attached().getBoolean("truncated")).isFalse();
                long markerAt = resumed.awaitEvent("restored").getJsonNumber("offset").longValue();
                assertThat(markerAt).isGreaterThanOrEqualTo(offset);
                resumed.type("echo \"$(pwd)|$FOO|\"; history | grep -c 'persisted-\\$'\r");
                await().atMost(WAIT).untilAsserted(() -> assertThat(resumed.text()).contains("/tmp|bar|"));
                String text = resumed.text();
                assertThat(text.indexOf("[session restored]")).isLessThan(text.indexOf("/tmp|bar|"));
                await().atMost(WAIT).untilAsserted(() -> assertThat(resumed.text().substring(resumed.text().indexOf("/tmp|bar|")))
                        .contains("\r\n1\r\n"));
            }
            try (TerminalSocket replay = TerminalSocket.attach(workspace, kept, alice, "?offset=0")) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(replay.text()).contains("/tmp|bar|"));
                String text = replay.text();
                assertThat(text.indexOf("persisted-42")).isBetween(0, text.indexOf("[session restored]"));
            }
            assertThat(Api.get(Terminals.path(workspace) + "/" + kept, alice).json().getString("status"))
                    .isEqualTo("running");
            assertThat(Api.delete("/api/v1/workspaces/" + workspace, alice).status()).isEqualTo(204);
            deployer.undeploy(APPLICATION);
        } finally {
            server.stop(SERVER);
        }
    }

    /** Stops the Liberty process with the application deployed, starts it again, waits for the application. */
    private void restart() {
        server.stop(SERVER);
        server.start(SERVER);
        await().atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Api.get("/api/v1/workspaces", alice).status() == 200);
    }
}
