package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.net.http.WebSocketHandshakeException;
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
    /** CODITECT_AUTH_ATTACH_TICKET_SECONDS of the test server. */
    private static final int TICKET_SECONDS = 3;
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
        // A reuse refused after the ticket's lifetime proves nothing (it expired): only a round in
        // which the reuse was answered within the lifetime of the issue, by this machine's clock,
        // counts. On a machine so slow that a round takes 3 s the next round tries again.
        for (int round = 1; ; round++) {
            assertThat(round).as("rounds slower than the ticket's lifetime").isLessThanOrEqualTo(5);
            long issuing = System.nanoTime();
            JsonObject issued = Api.post(ticketsPath(), ALICE, null).json();
            String ticket = issued.getString("ticket");
            assertThat(ticket).hasSizeGreaterThanOrEqualTo(22);
            assertThat(issued.getInt("expiresInSeconds")).isEqualTo(TICKET_SECONDS);

            TerminalSocket socket;
            try {
                socket = TerminalSocket.open(path() + "?ticket=" + ticket, Map.of());
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                assertThat(withinLifetime(issuing)).as("a fresh ticket was refused").isFalse();
                continue;
            }
            try (socket) {
                socket.attached();
                TerminalSocket.Refusal reuse = TerminalSocket.refused(path() + "?ticket=" + ticket, Map.of());
                boolean withinLifetime = withinLifetime(issuing);
                assertInvalidTicket(reuse, ticket);
                socket.type("echo ticket-$((3+4))\r");
                socket.awaitText("ticket-7");
                if (withinLifetime) {
                    return;
                }
            }
        }
    }

    @Test
    void attach_freshTicketForAnotherTerminal_refusedAndUsedUp() {
        String other = Terminals.bash(ALICE, workspace);
        for (int round = 1; ; round++) {
            assertThat(round).as("rounds slower than the ticket's lifetime").isLessThanOrEqualTo(5);
            long issuing = System.nanoTime();
            // A witness issued first: when it is still accepted after the refusal, the younger
            // ticket was not expired when it was refused, so "another terminal" was the reason.
            String witness = Api.post(ticketsPath(), ALICE, null).json().getString("ticket");
            String ticket = Api.post(ticketsPath(), ALICE, null).json().getString("ticket");

            TerminalSocket.Refusal refusal = TerminalSocket.refused(
                    TerminalSocket.attachPath(workspace, other) + "?ticket=" + ticket, Map.of());
            assertInvalidTicket(refusal, ticket);
            // Used up by the wrong attempt: not even its own terminal takes it now.
            assertInvalidTicket(TerminalSocket.refused(path() + "?ticket=" + ticket, Map.of()), ticket);

            if (accepts(path() + "?ticket=" + witness)) {
                return;
            }
            assertThat(withinLifetime(issuing)).as("the witness ticket was refused within its lifetime").isFalse();
        }
    }

    @Test
    void attach_expiredTicket_refused() throws InterruptedException {
        String ticket = Api.post(ticketsPath(), ALICE, null).json().getString("ticket");

        Thread.sleep(TICKET_SECONDS * 1000L + 500);
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path() + "?ticket=" + ticket, Map.of());

        assertInvalidTicket(refusal, ticket);
    }

    @Test
    void attach_unknownTicket_refused() {
        String made = "A".repeat(43);

        assertInvalidTicket(TerminalSocket.refused(path() + "?ticket=" + made, Map.of()), made);
    }

    @Test
    void attach_otherUsersTicket_refusedForTheirTerminal() {
        String bobsWorkspace = Terminals.workspace(BOB);
        String bobsTerminal = Terminals.bash(BOB, bobsWorkspace);
        String alicesTicket = Api.post(ticketsPath(), ALICE, null).json().getString("ticket");

        assertInvalidTicket(TerminalSocket.refused(TerminalSocket.attachPath(bobsWorkspace, bobsTerminal)
                + "?ticket=" + alicesTicket, Map.of()), alicesTicket);
    }

    @Test
    void tickets_otherUsersTerminal_notFound() {
        Api.Reply reply = Api.post(ticketsPath(), BOB, null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getString("error")).isEqualTo("workspace_not_found");
    }

    /** Whether the server lets this attach through (closed at once) or refuses it before the upgrade. */
    private static boolean accepts(String pathAndQuery) {
        try (TerminalSocket socket = TerminalSocket.open(pathAndQuery, Map.of())) {
            assertThat(socket.attached().getString("type")).isEqualTo("attached");
            return true;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return false;
        }
    }

    /** Whether a reply received now came within the ticket lifetime of {@code issuing} (a nanoTime before the issue). */
    private static boolean withinLifetime(long issuing) {
        return System.nanoTime() - issuing < TimeUnit.SECONDS.toNanos(TICKET_SECONDS);
    }

    /** The one answer to every bad ticket (no oracle tells used from expired from foreign), which never echoes it. */
    private static void assertInvalidTicket(TerminalSocket.Refusal refusal, String ticket) {
        assertThat(refusal.status()).as(refusal.body()).isEqualTo(401);
        assertThat(refusal.json().getString("error")).isEqualTo("invalid_ticket");
        assertThat(refusal.json().getString("message")).isEqualTo("The attach ticket is unknown, used, expired or for another terminal.");
        assertThat(refusal.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refusal.body()).doesNotContain(ticket);
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
