package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may open a terminal WebSocket: every refusal happens before the upgrade, as an HTTP error
 * with the API's JSON body (the test server's tickets live 3 s; it also allows the origin
 * {@code https://ide.coditect.test}).
 */
@ExtendWith(ArquillianExtension.class)
class AttachAuthenticationIT {
    private final String ALICE = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
    private final String BOB = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));

    private String workspace;
    private String terminal;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @BeforeEach
    void terminal() {
        workspace = Terminals.workspace(ALICE);
        terminal = Terminals.bash(ALICE, workspace);
    }

    @Test
    void attach_noCredential_unauthorized() {
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path(), Map.of());

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.json().getString("error")).isEqualTo("unauthorized");
    }

    @Test
    void attach_untrustedToken_unauthorized() {
        JwtClaims claims = TestIdentityProvider.claims("alice", "user");
        String forged = TestIdentityProvider.sign(claims, TestIdentityProvider.untrustedKey());

        TerminalSocket.Refusal refusal = TerminalSocket.refused(path(), bearer(forged));

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.json().getString("error")).isEqualTo("invalid_token");
    }

    @Test
    void attach_otherUsersTerminal_notFound() {
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path(), bearer(BOB));

        assertThat(refusal.status()).isEqualTo(404);
        assertThat(refusal.json().getString("error")).isEqualTo("workspace_not_found");
    }

    @Test
    void attach_missingTerminal_notFound() {
        TerminalSocket.Refusal refusal = TerminalSocket.refused(
                TerminalSocket.attachPath(workspace, "t-000000000000"), bearer(ALICE));

        assertThat(refusal.status()).isEqualTo(404);
        assertThat(refusal.json().getString("error")).isEqualTo("terminal_not_found");
    }

    @Test
    void attach_foreignOrigin_forbiddenBeforeUpgrade() {
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path(),
                Map.of("Authorization", "Bearer " + ALICE, "Origin", "https://evil.coditect.test"));

        assertThat(refusal.status()).isEqualTo(403);
        assertThat(refusal.json().getString("error")).isEqualTo("origin_not_allowed");
    }

    @Test
    void attach_sameOrAllowedOrigin_accepted() {
        String sameOrigin = Api.baseUri().toString().replaceAll("/$", "");
        for (String origin : new String[] {sameOrigin, "https://ide.coditect.test"}) {
            try (TerminalSocket socket = TerminalSocket.open(path(),
                    Map.of("Authorization", "Bearer " + ALICE, "Origin", origin))) {
                assertThat(socket.attached().getString("type")).isEqualTo("attached");
            }
        }
    }

    @Test
    void attach_malformedOffset_badRequest() {
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path() + "?offset=-5", bearer(ALICE));

        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.json().getString("error")).isEqualTo("invalid_offset");
    }

    @Test
    void attach_ticket_acceptedOnceThenRefused() {
        JsonObject issued = Api.post(ticketsPath(), ALICE, null).json();
        String ticket = issued.getString("ticket");
        assertThat(ticket).hasSizeGreaterThanOrEqualTo(22);
        assertThat(issued.getInt("expiresInSeconds")).isEqualTo(3);

        try (TerminalSocket socket = TerminalSocket.open(path() + "?ticket=" + ticket, Map.of())) {
            socket.attached();
            socket.type("echo ticket-$((3+4))\r");
            socket.awaitText("ticket-7");
        }

        TerminalSocket.Refusal reuse = TerminalSocket.refused(path() + "?ticket=" + ticket, Map.of());
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.json().getString("error")).isEqualTo("invalid_ticket");
        assertThat(reuse.body()).doesNotContain(ticket);
    }

    @Test
    void attach_ticketForAnotherTerminal_refused() {
        String other = Terminals.bash(ALICE, workspace);
        String ticket = Api.post(ticketsPath(), ALICE, null).json().getString("ticket");

        TerminalSocket.Refusal refusal = TerminalSocket.refused(
                TerminalSocket.attachPath(workspace, other) + "?ticket=" + ticket, Map.of());

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.json().getString("error")).isEqualTo("invalid_ticket");
    }

    @Test
    void attach_expiredTicket_refused() throws InterruptedException {
        String ticket = Api.post(ticketsPath(), ALICE, null).json().getString("ticket");

        Thread.sleep(3_500);
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path() + "?ticket=" + ticket, Map.of());

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.json().getString("error")).isEqualTo("invalid_ticket");
    }

    @Test
    void tickets_withoutToken_unauthorized() {
        Api.Reply reply = Api.post(ticketsPath(), null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().getString("error")).isEqualTo("unauthorized");
    }

    private String path() {
        return TerminalSocket.attachPath(workspace, terminal);
    }

    private String ticketsPath() {
        return Terminals.path(workspace) + "/" + terminal + "/tickets";
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
