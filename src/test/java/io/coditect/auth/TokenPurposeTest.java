package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.TestIdentityProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

class TokenPurposeTest {
    private final Map<String, String> settings = new HashMap<>();

    @Test
    void fits_plainToken_true() {
        assertThat(purpose().fits(TestIdentityProvider.token("alice"))).isTrue();
    }

    @Test
    void fits_headerTypes_onlyThoseOfAccessTokens() throws JoseException {
        assertThat(purpose().fits(withHeaderType("JWT"))).isTrue();
        assertThat(purpose().fits(withHeaderType("at+jwt"))).isTrue();
        assertThat(purpose().fits(withHeaderType("application/at+JWT"))).isTrue();
        assertThat(purpose().fits(withHeaderType("logout+jwt"))).isFalse();
        assertThat(purpose().fits(withHeaderType("secevent+jwt"))).isFalse();
        assertThat(purpose().fits(withHeaderType("dpop+jwt"))).isFalse();
    }

    @Test
    void fits_keycloakTokenKinds_accessTokensOnly() {
        assertThat(purpose().fits(withClaim("typ", "Bearer"))).isTrue();
        assertThat(purpose().fits(withClaim("typ", "ID"))).isFalse();
        assertThat(purpose().fits(withClaim("typ", "Refresh"))).isFalse();
        assertThat(purpose().fits(withClaim("typ", "Logout"))).isFalse();
    }

    @Test
    void fits_idTokensConfigured_idTokensToo() {
        settings.put(IdentityProvider.TOKEN, IdentityProvider.ID_TOKEN);

        assertThat(purpose().fits(withClaim("typ", "ID"))).isTrue();
        assertThat(purpose().fits(withClaim("typ", "Refresh"))).isFalse();
    }

    @Test
    void fits_authorizedParty_theSignInClientOrThoseConfigured() {
        assertThat(purpose().fits(withClaim("azp", "anyone"))).as("nothing configured: not checked").isTrue();

        settings.put(IdentityProvider.CLIENT_ID, "coditect-web");
        assertThat(purpose().fits(withClaim("azp", "coditect-web"))).isTrue();
        assertThat(purpose().fits(withClaim("azp", "reports"))).isFalse();
        assertThat(purpose().fits(TestIdentityProvider.token("alice"))).as("no azp claim").isTrue();

        settings.put(IdentityProvider.AUTHORIZED_PARTIES, "coditect-web, coditect-cli");
        assertThat(purpose().fits(withClaim("azp", "coditect-cli"))).isTrue();
        assertThat(purpose().fits(withClaim("azp", "reports"))).isFalse();
    }

    @Test
    void fits_malformed_false() {
        assertThat(purpose().fits("not-a-jwt")).isFalse();
        assertThat(purpose().fits("")).isFalse();
        assertThat(purpose().fits("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")).isFalse();
    }

    private TokenPurpose purpose() {
        return new TokenPurpose(name -> Optional.ofNullable(settings.get(name)));
    }

    private static String withClaim(String name, String value) {
        JwtClaims claims = TestIdentityProvider.claims("alice", "user");
        claims.setClaim(name, value);
        return TestIdentityProvider.sign(claims, TestIdentityProvider.trustedKey());
    }

    private static String withHeaderType(String type) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestIdentityProvider.claims("alice", "user").toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", type);
        jws.setKey(TestIdentityProvider.trustedKey());
        return jws.getCompactSerialization();
    }
}
