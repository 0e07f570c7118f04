package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.ProductConfig;
import io.coditect.testing.ServerLogs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        restart_sessionComesBack(this::restart);
    }

    /**
     * The same after the server's process is SIGKILLed (a crash, an OOM kill): what the server saved
     * up to one save interval before it died comes back. The shells lose their PTY with it.
     */
    @Test
    void kill_bashSession_backWithDirectoryEnvironmentHistoryAndOutput() {
        restart_sessionComesBack(() -> {
            // The documented loss on a crash is at most one save interval: wait out three.
            sleep(3 * ProductConfig.longValue("coditect.terminal.save-interval-ms"));
            ProcessHandle liberty = libertyProcess();
            liberty.destroyForcibly();
            liberty.onExit().join();
            try {
                server.stop(SERVER);
            } catch (Exception alreadyGone) {
                // Arquillian's stop after the process died (its LifecycleException: the MBean server is
                // gone with the process): nothing is left to stop.
            }
            // The dead JVM's JMX address, which Arquillian would otherwise try before the new one is written.
            try {
                Files.deleteIfExists(serverLogs().resolve("state/com.ibm.ws.jmx.local.address"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.start(SERVER);
            awaitApplication();
        });
    }

    private void restart_sessionComesBack(Runnable restart) {
        server.start(SERVER);
        try {
            deployer.deploy(APPLICATION);
            String workspace = Terminals.workspace(alice);
            String kept = Terminals.bash(alice, workspace);
            String deleted = Terminals.bash(alice, workspace);
            assertThat(Api.delete(Terminals.path(workspace) + "/" + deleted, alice).status()).isEqualTo(204);
            // A command no shell ran before (bash's own ~/.bash_history may hold earlier runs'), and
            // no HISTFILE: the old shell, hung up by the stop, cannot write its history anywhere, so
            // only the server's restore can bring the command back.
            String marker = "persisted-" + System.nanoTime();
            long offset;
            try (TerminalSocket socket = TerminalSocket.attach(workspace, kept, alice, "")) {
                socket.type("unset HISTFILE\r");
                socket.type("cd /tmp\r");
                socket.type("export FOO=bar\r");
                socket.type("echo " + marker + "-$((6*7))\r");
                // Bash reports its state before each prompt: once the next command has run, it has.
                socket.type("echo next-$((2+3))\r");
                await().atMost(WAIT).untilAsserted(() -> assertThat(socket.text()).contains("next-5"));
                offset = socket.offset();
            }

            restart.run();

            assertThat(Api.get(Terminals.path(workspace), alice).jsonArray().getValuesAs(JsonObject.class))
                    .extracting(t -> t.getString("id") + ":" + t.getString("status"))
                    .containsExactly(kept + ":restorable");
            assertThat(Api.get(Terminals.path(workspace) + "/" + deleted, alice).status()).isEqualTo(404);

            try (TerminalSocket resumed = TerminalSocket.attach(workspace, kept, alice, "?offset=" + offset)) {
                assertThat(resumed.attached().getJsonNumber("offset").longValue()).isEqualTo(offset);
                assertThat(resumed.attached().getBoolean("truncated")).isFalse();
                long markerAt = resumed.awaitEvent("restored").getJsonNumber("offset").longValue();
                assertThat(markerAt).isGreaterThanOrEqualTo(offset);
                resumed.type("echo \"$(pwd)|$FOO|\"; history | grep -c '" + marker + "-\\$'\r");
                await().atMost(WAIT).untilAsserted(() -> assertThat(resumed.text()).contains("/tmp|bar|"));
                String text = resumed.text();
                assertThat(text.indexOf("[session restored]")).as("the banner, before the restored shell's output")
                        .isBetween(0, text.indexOf("/tmp|bar|"));
                await().atMost(WAIT).untilAsserted(() -> assertThat(resumed.text().substring(resumed.text().indexOf("/tmp|bar|")))
                        .contains("\r\n1\r\n"));
            }
            try (TerminalSocket replay = TerminalSocket.attach(workspace, kept, alice, "?offset=0")) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(replay.text()).contains("/tmp|bar|"));
                String text = replay.text();
                assertThat(text.indexOf(marker + "-42")).isBetween(0, text.indexOf("[session restored]"));
            }
            assertThat(Api.get(Terminals.path(workspace) + "/" + kept, alice).json().getString("status"))
                    .isEqualTo("running");
            assertThat(Api.delete("/api/v1/workspaces/" + workspace, alice).status()).isEqualTo(204);
            // The restarted server's logs (and those of the run before it) hold no token.
            ServerLogs.assertNoSecrets("the restart server",
                    ServerLogs.read(serverLogs()), List.of(alice));
            deployer.undeploy(APPLICATION);
        } finally {
            server.stop(SERVER);
        }
    }

    /** The restart server's JVM: a {@code java} process below this one whose arguments name the server. */
    private static ProcessHandle libertyProcess() {
        List<ProcessHandle> found = ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .filter(process -> process.info().commandLine().map(line -> line.contains(serverName())).orElse(false))
                .toList();
        assertThat(found).as("the JVM of %s among this one's descendants", serverName()).hasSize(1);
        return found.getFirst();
    }

    private static String serverName() {
        return serverLogs().getParent().getFileName().toString();
    }

    private static Path serverLogs() {
        return Path.of(System.getProperty("coditect.it.server-logs"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the Liberty process with the application deployed, starts it again, waits for the application. */
    private void restart() {
        server.stop(SERVER);
        server.start(SERVER);
        awaitApplication();
    }

    private void awaitApplication() {
        await().atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Api.get("/api/v1/workspaces", alice).status() == 200);
    }
}
