package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class TerminalAttachIT {
    private static final String ALICE = TestIdentityProvider.token("alice");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void attach_echoCommand_outputArrives() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            assertThat(socket.attached().getBoolean("truncated")).isFalse();
            socket.type("echo $((6*7))\r");
            socket.awaitText("42");
        }
    }
}
