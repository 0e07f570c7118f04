package io.coditect.auth;

import static io.coditect.testing.TestIdentityProvider.claims;
import static io.coditect.testing.TestIdentityProvider.sign;
import static io.coditect.testing.TestIdentityProvider.trustedKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an attacker tries with bearer tokens, against the real server and its MicroProfile JWT
 * verification: every forged, stale or foreign token is refused with 401 and a JSON error, and a
 * genuine token without a role of this product gets 403.
 */
@ExtendWith(ArquillianExtension.class)
class TokenAttacksIT {
    private static final String PROTECTED = "/api/v1/workspaces";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void validToken_accepted() {
        Api.Reply reply = Api.get(PROTECTED, TestIdentityProvider.token("tina"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void noToken_unauthorized() {
        assertRefused(Api.get(PROTECTED, null), 401, "unauthorized");
    }

    @Test
    void basicCredentialsInsteadOfBearer_unauthorized() {
        Api.Reply reply = Api.send(Api.request(PROTECTED, null)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("tina:secret".getBytes())));

        assertRefused(reply, 401, "unauthorized");
    }

    @Test
    void garbage_invalidToken() {
        assertRefused(Api.get(PROTECTED, "not-a-jwt"), 401, "invalid_token");
        assertRefused(Api.get(PROTECTED, "eyJhbGciOiJSUzI1NiJ9.e30.AAAA"), 401, "invalid_token");
    }

    @Test
    void expired_invalidToken() {
        JwtClaims expired = claims("tina", "user");
        expired.setIssuedAt(minutesFromNow(-30));
        expired.setNotBefore(minutesFromNow(-30));
        expired.setExpirationTime(minutesFromNow(-20));

        assertRefused(Api.get(PROTECTED, sign(expired, trustedKey())), 401, "invalid_token");
    }

    @Test
    void expiredTwoMinutesAgo_invalidTokenDespiteClockSkew() {
        JwtClaims expired = claims("tina", "user");
        expired.setIssuedAt(minutesFromNow(-12));
        expired.setNotBefore(minutesFromNow(-12));
        expired.setExpirationTime(minutesFromNow(-2));

        assertRefused(Api.get(PROTECTED, sign(expired, trustedKey())), 401, "invalid_token");
    }

    @Test
    void notYetValid_invalidToken() {
        JwtClaims early = claims("tina", "user");
        early.setNotBefore(minutesFromNow(20));
        early.setExpirationTime(minutesFromNow(30));

        assertRefused(Api.get(PROTECTED, sign(early, trustedKey())), 401, "invalid_token");
    }

    @Test
    void withoutExpiry_invalidToken() {
        JwtClaims forever = claims("tina", "user");
        forever.unsetClaim("exp");

        assertRefused(Api.get(PROTECTED, sign(forever, trustedKey())), 401, "invalid_token");
    }

    @Test
    void wrongIssuer_invalidToken() {
        JwtClaims foreign = claims("tina", "user");
        foreign.setIssuer("https://idp.invalid/other-tenant");

        assertRefused(Api.get(PROTECTED, sign(foreign, trustedKey())), 401, "invalid_token");
    }

    @Test
    void wrongAudience_invalidToken() {
        JwtClaims otherService = claims("tina", "user");
        otherService.setAudience("some-other-service");

        assertRefused(Api.get(PROTECTED, sign(otherService, trustedKey())), 401, "invalid_token");
    }

    @Test
    void withoutAudience_invalidToken() {
        JwtClaims anyService = claims("tina", "user");
        anyService.unsetClaim("aud");

        assertRefused(Api.get(PROTECTED, sign(anyService, trustedKey())), 401, "invalid_token");
    }

    @Test
    void signedByAnotherKey_invalidToken() {
        String forged = sign(claims("tina", "user"), TestIdentityProvider.untrustedKey());

        assertRefused(Api.get(PROTECTED, forged), 401, "invalid_token");
    }

    @Test
    void anotherKeyEmbeddedInJwkHeader_invalidToken() {
        String forged = TestIdentityProvider.signedWithEmbeddedKey(claims("tina", "admin"));

        assertRefused(Api.get(PROTECTED, forged), 401, "invalid_token");
    }

    @Test
    void algNone_invalidToken() {
        assertRefused(Api.get(PROTECTED, TestIdentityProvider.unsigned(claims("tina", "admin"))), 401, "invalid_token");
    }

    @Test
    void hs256WithPublicKeyAsSecret_invalidToken() {
        String pem = TestIdentityProvider.trustedPublicKeyPem();
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));

        String withPemSecret = TestIdentityProvider.hmacSigned(claims("tina", "admin"), pem.getBytes(StandardCharsets.US_ASCII));
        String withDerSecret = TestIdentityProvider.hmacSigned(claims("tina", "admin"), der);

        assertRefused(Api.get(PROTECTED, withPemSecret), 401, "invalid_token");
        assertRefused(Api.get(PROTECTED, withDerSecret), 401, "invalid_token");
    }

    @Test
    void payloadSwappedUnderGenuineSignature_invalidToken() {
        String[] genuine = TestIdentityProvider.token("tina", "user").split("\\.");
        String[] escalated = TestIdentityProvider.token("tina", "admin").split("\\.");
        String spliced = genuine[0] + "." + escalated[1] + "." + genuine[2];

        assertRefused(Api.get(PROTECTED, spliced), 401, "invalid_token");
    }

    @Test
    void withoutGroups_forbidden() {
        JwtClaims noGroups = claims("tina");
        noGroups.unsetClaim("groups");

        assertRefused(Api.get(PROTECTED, sign(noGroups, trustedKey())), 403, "forbidden");
    }

    @Test
    void groupsWithoutProductRole_forbidden() {
        assertRefused(Api.get(PROTECTED, TestIdentityProvider.token("tina", "guest", "users")), 403, "forbidden");
    }

    @Test
    void withoutRoleOnCreate_forbiddenAndNothingCreated() {
        String guest = TestIdentityProvider.token("gail", "guest");

        assertRefused(Api.post(PROTECTED, guest, "{\"name\":\"sneaky\"}"), 403, "forbidden");
        assertThat(Api.get(PROTECTED, TestIdentityProvider.token("gail")).jsonArray()).isEmpty();
    }

    private static NumericDate minutesFromNow(int minutes) {
        NumericDate date = NumericDate.now();
        date.addSeconds(minutes * 60L);
        return date;
    }

    static void assertRefused(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().getString("error")).isEqualTo(code);
        assertThat(reply.json().getString("message")).isNotBlank();
        if (status == 401) {
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }
}
