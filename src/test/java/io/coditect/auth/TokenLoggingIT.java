package io.coditect.auth;

import static io.coditect.testing.TestIdentityProvider.claims;
import static io.coditect.testing.TestIdentityProvider.sign;
import static io.coditect.testing.TestIdentityProvider.trustedKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.ServerLogs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No secret, accepted or refused, ends up in any of the server's log files: messages.log (what
 * the console shows), trace.log (where Liberty's hidden refusal messages go) and FFDC. The secrets:
 * REST bearer tokens (genuine, spliced, stale, foreign, unsigned, garbage, and one sent in a query
 * string), WebSocket attaches with a bearer token (accepted and refused), and attach tickets
 * issued, redeemed, reused, expired, presented for another terminal and made up. The gateway and
 * agent logs (service credentials among them) are searched by {@code GatewayAgentIT}.
 */
@ExtendWith(ArquillianExtension.class)
class TokenLoggingIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void serverLogs_afterGenuineAndRefusedTokensAndTickets_containNoSecret() throws Exception {
        String user = TestIdentityProvider.uniqueUser("logan");
        String genuine = TestIdentityProvider.token(user);
        String[] parts = genuine.split("\\.");
        String splicedUnderGenuineSignature = parts[0] + "." + TestIdentityProvider.token(user, "admin").split("\\.")[1]
                + "." + parts[2];
        JwtClaims stale = claims(user, "user");
        stale.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
        stale.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 1800));
        List<String> secrets = new ArrayList<>(List.of(genuine, splicedUnderGenuineSignature, sign(stale, trustedKey()),
                sign(claims(user, "user"), TestIdentityProvider.untrustedKey()),
                TestIdentityProvider.unsigned(claims(user, "admin")), "garbage-token-" + parts[2]));

        for (String token : List.copyOf(secrets)) {
            Api.get("/api/v1/workspaces", token);
            Api.post("/api/v1/workspaces", token, "{\"name\":\"logged\"}");
        }
        String inQuery = TestIdentityProvider.token(user);
        secrets.add(inQuery);
        Api.get("/api/v1/workspaces?access_token=" + inQuery, null);

        String workspace = Terminals.workspace(genuine);
        String terminal = Terminals.bash(genuine, workspace);
        String other = Terminals.bash(genuine, workspace);
        String attach = TerminalSocket.attachPath(workspace, terminal);
        String tickets = Terminals.path(workspace) + "/" + terminal + "/tickets";

        // WebSocket attaches with a bearer token: accepted, refused, and one in the query string.
        String attachToken = TestIdentityProvider.token(user);
        String forgedAttachToken = sign(claims(user, "user"), TestIdentityProvider.untrustedKey());
        String queryAttachToken = TestIdentityProvider.token(user);
        secrets.addAll(List.of(attachToken, forgedAttachToken, queryAttachToken));
        try (TerminalSocket socket = TerminalSocket.open(attach, Map.of("Authorization", "Bearer " + attachToken))) {
            socket.attached();
        }
        assertThat(TerminalSocket.refused(attach, Map.of("Authorization", "Bearer " + forgedAttachToken)).status()).isEqualTo(401);
        assertThat(TerminalSocket.refused(attach + "?access_token=" + queryAttachToken, Map.of()).status()).isEqualTo(401);

        // Tickets: redeemed, then reused; for another terminal; expired; made up.
        String redeemed = ticket(tickets, genuine);
        try (TerminalSocket socket = TerminalSocket.open(attach + "?ticket=" + redeemed, Map.of())) {
            socket.attached();
        }
        assertThat(TerminalSocket.refused(attach + "?ticket=" + redeemed, Map.of()).status()).isEqualTo(401);
        String foreign = ticket(tickets, genuine);
        assertThat(TerminalSocket.refused(TerminalSocket.attachPath(workspace, other) + "?ticket=" + foreign, Map.of())
                .status()).isEqualTo(401);
        String expired = ticket(tickets, genuine);
        Thread.sleep(3_500);
        assertThat(TerminalSocket.refused(attach + "?ticket=" + expired, Map.of()).status()).isEqualTo(401);
        String madeUp = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]).replace('A', 'Q');
        assertThat(TerminalSocket.refused(attach + "?ticket=" + madeUp, Map.of()).status()).isEqualTo(401);
        // Issued and never used.
        String unused = ticket(tickets, genuine);
        secrets.addAll(List.of(redeemed, foreign, expired, madeUp, unused));

        ServerLogs.assertNoSecrets("the server", ServerLogs.read(Path.of(System.getProperty("coditect.it.server-logs"))),
                secrets);
    }

    private static String ticket(String ticketsPath, String token) {
        Api.Reply reply = Api.post(ticketsPath, token, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getString("ticket");
    }
}
