package io.coditect.auth;

import static io.coditect.testing.TestIdentityProvider.claims;
import static io.coditect.testing.TestIdentityProvider.sign;
import static io.coditect.testing.TestIdentityProvider.trustedKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The token attacks of {@link TokenAttacksIT}, on the WebSocket attach: the attach filter verifies
 * the bearer token and checks the product role itself (the container's role checks never see an
 * upgrade), so each attack gets its status, error code, message and challenge before any upgrade.
 * Every token here names the terminal's owner: only the token's defect can be the reason.
 */
@ExtendWith(ArquillianExtension.class)
class AttachTokenAttacksIT {
    private final String user = TestIdentityProvider.uniqueUser("mallory");
    private String path;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @BeforeEach
    void terminal() {
        String owner = TestIdentityProvider.token(user);
        String workspace = Terminals.workspace(owner);
        path = TerminalSocket.attachPath(workspace, Terminals.bash(owner, workspace));
    }

    @Test
    void genuineOwnerToken_accepted() {
        try (TerminalSocket socket = TerminalSocket.open(path, bearer(TestIdentityProvider.token(user)))) {
            assertThat(socket.attached().getString("type")).isEqualTo("attached");
        }
    }

    @Test
    void ownerWithoutProductRole_forbidden() {
        assertRefused(bearer(TestIdentityProvider.token(user, "guest", "users")), 403, "forbidden");
    }

    @Test
    void ownerWithoutGroups_forbidden() {
        JwtClaims noGroups = claims(user);
        noGroups.unsetClaim("groups");

        assertRefused(bearer(sign(noGroups, trustedKey())), 403, "forbidden");
    }

    @Test
    void basicCredentialsInsteadOfBearer_unauthorized() {
        assertRefused(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes())),
                401, "unauthorized");
    }

    @Test
    void garbage_invalidToken() {
        assertRefused(bearer("not-a-jwt"), 401, "invalid_token");
    }

    @Test
    void expired_invalidToken() {
        JwtClaims expired = claims(user, "user");
        expired.setIssuedAt(minutesFromNow(-30));
        expired.setNotBefore(minutesFromNow(-30));
        expired.setExpirationTime(minutesFromNow(-20));

        assertRefused(bearer(sign(expired, trustedKey())), 401, "invalid_token");
    }

    @Test
    void notYetValid_invalidToken() {
        JwtClaims early = claims(user, "user");
        early.setNotBefore(minutesFromNow(20));
        early.setExpirationTime(minutesFromNow(30));

        assertRefused(bearer(sign(early, trustedKey())), 401, "invalid_token");
    }

    @Test
    void wrongIssuerOrAudience_invalidToken() {
        JwtClaims foreign = claims(user, "user");
        foreign.setIssuer("https://idp.invalid/other-tenant");
        JwtClaims otherService = claims(user, "user");
        otherService.setAudience("some-other-service");

        assertRefused(bearer(sign(foreign, trustedKey())), 401, "invalid_token");
        assertRefused(bearer(sign(otherService, trustedKey())), 401, "invalid_token");
    }

    @Test
    void signedByAnotherKeyOrEmbeddedKey_invalidToken() {
        assertRefused(bearer(sign(claims(user, "user"), TestIdentityProvider.untrustedKey())), 401, "invalid_token");
        assertRefused(bearer(TestIdentityProvider.signedWithEmbeddedKey(claims(user, "admin"))), 401, "invalid_token");
    }

    @Test
    void algNoneOrHs256WithThePublicKey_invalidToken() {
        String pem = TestIdentityProvider.trustedPublicKeyPem();

        assertRefused(bearer(TestIdentityProvider.unsigned(claims(user, "admin"))), 401, "invalid_token");
        assertRefused(bearer(TestIdentityProvider.hmacSigned(claims(user, "admin"), pem.getBytes(StandardCharsets.US_ASCII))),
                401, "invalid_token");
    }

    @Test
    void roleSplicedUnderGenuineSignature_invalidToken() {
        String[] guest = TestIdentityProvider.token(user, "guest").split("\\.");
        String[] admin = TestIdentityProvider.token(user, "admin").split("\\.");

        assertRefused(bearer(guest[0] + "." + admin[1] + "." + guest[2]), 401, "invalid_token");
    }

    private void assertRefused(Map<String, String> headers, int status, String code) {
        TerminalSocket.Refusal refusal = TerminalSocket.refused(path, headers);

        assertThat(refusal.status()).as(refusal.body()).isEqualTo(status);
        assertThat(refusal.header("Content-Type")).startsWith("application/json");
        assertThat(refusal.json().getString("error")).isEqualTo(code);
        assertThat(refusal.json().getString("message")).isNotBlank();
        if (status == 401) {
            assertThat(refusal.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static NumericDate minutesFromNow(int minutes) {
        NumericDate date = NumericDate.now();
        date.addSeconds(minutes * 60L);
        return date;
    }
}
