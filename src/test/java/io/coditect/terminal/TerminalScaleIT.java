package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.ProcFs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many idle terminals on the real server: its thread count stays flat (no thread per terminal),
 * a sample of them still echoes, and deleting them all leaves no shell, no zombie and no
 * descriptor behind. The build opens 200; {@code -Dit.terminals=1000} opens the 1,000
 * (README, "Test it"). The test server reads its own {@code /proc} entries: it runs on this machine.
 */
@ExtendWith(ArquillianExtension.class)
class TerminalScaleIT {
    private static final int TERMINALS = Integer.getInteger("it.terminals", 200);
    /** CODITECT_TERMINAL_MAX_PER_WORKSPACE of the test server. */
    private static final int PER_WORKSPACE = 12;
    /** coditect.workspace.max-running-per-user. */
    private static final int WORKSPACES_PER_USER = 3;
    /** Threads the server may start meanwhile whatever the number of terminals (its request pool grows under load). */
    private static final int THREAD_SLACK = 20;
    /** Descriptors others (connections of the test client, logs) may hold meanwhile; a leak would be 4 per terminal. */
    private static final int DESCRIPTOR_SLACK = 40;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern PARENT = Pattern.compile("parent-(\\d+)-");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    /** One workspace's terminals and the client that keeps it from going idle. */
    private record Workspace(String token, String id, List<String> terminals, TerminalSocket keepAlive) {
    }

    @Test
    void manyIdleTerminals_threadsFlat_sampleEchoes_deleteLeavesNoShellZombieOrDescriptor() {
        List<Workspace> workspaces = new ArrayList<>();
        Workspace first = workspace(TestIdentityProvider.token(TestIdentityProvider.uniqueUser("scale")));
        workspaces.add(first);
        first.keepAlive().type("echo parent-$PPID-\r");
        await().atMost(WAIT).until(() -> PARENT.matcher(first.keepAlive().text()).find());
        Matcher parent = PARENT.matcher(first.keepAlive().text());
        parent.find();
        long server = Long.parseLong(parent.group(1));
        int threads = ProcFs.threads(server);
        int descriptors = ProcFs.descriptors(server);
        long othersShells = shells(server) - 1;

        int created = 1;
        String token = first.token();
        while (created < TERMINALS) {
            Workspace current = workspaces.getLast();
            if (current.terminals().size() == PER_WORKSPACE) {
                if (workspaces.size() % WORKSPACES_PER_USER == 0) {
                    token = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("scale"));
                }
                workspaces.add(workspace(token));
            } else {
                current.terminals().add(Terminals.bash(current.token(), current.id()));
            }
            created++;
        }

        assertThat(ProcFs.threads(server)).as("server threads with %d terminals, %d with one", TERMINALS, threads)
                .isLessThanOrEqualTo(threads + THREAD_SLACK);
        for (int i = 0; i < workspaces.size(); i += Math.max(1, workspaces.size() / 5)) {
            Workspace sample = workspaces.get(i);
            String terminal = sample.terminals().getLast();
            try (TerminalSocket socket = TerminalSocket.attach(sample.id(), terminal, sample.token(), "")) {
                socket.attached();
                socket.type("echo echo-$((" + i + "+1000))\r");
                socket.awaitText("echo-" + (i + 1000));
            }
        }

        for (Workspace workspace : workspaces) {
            workspace.keepAlive().close();
            for (String terminal : workspace.terminals()) {
                assertThat(Api.delete(Terminals.path(workspace.id()) + "/" + terminal, workspace.token()).status())
                        .isEqualTo(204);
            }
        }

        await().atMost(WAIT).until(() -> shells(server) <= othersShells);
        assertThat(ProcFs.children(server)).noneMatch(ProcFs.Process::zombie);
        await().atMost(WAIT).until(() -> ProcFs.descriptors(server) <= descriptors + DESCRIPTOR_SLACK);
    }

    /** A workspace with one terminal, attached so that the workspace does not go idle meanwhile. */
    private static Workspace workspace(String token) {
        String id = Terminals.workspace(token);
        String terminal = Terminals.bash(token, id);
        TerminalSocket keepAlive = TerminalSocket.attach(id, terminal, token, "");
        keepAlive.attached();
        return new Workspace(token, id, new ArrayList<>(List.of(terminal)), keepAlive);
    }

    private static long shells(long server) {
        return ProcFs.children(server).stream().filter(p -> p.name().equals("bash")).count();
    }
}
