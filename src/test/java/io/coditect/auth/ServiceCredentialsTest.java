package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.testing.TestGatewayKeys;
import io.coditect.testing.TestIdentityProvider;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

class ServiceCredentialsTest {
    private static final String WORKSPACE = "ws-aaaaaaaaaaaa";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final PrivateKey gateway = PemKeys.privateKey(TestGatewayKeys.privateKeyPem());
    private final List<PublicKey> trusted = PemKeys.publicKeys(TestGatewayKeys.publicKeyPem());

    @Test
    void verify_issuedForThisWorkspace_namesTheUser() {
        String credential = ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW, MINUTE);

        assertThat(ServiceCredentials.verify(credential, trusted, WORKSPACE, NOW.plusSeconds(59))).contains("alice");
    }

    @Test
    void issue_ecKey_es256WithItsOwnType() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW, MINUTE));

        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        assertThat(jws.getHeader("typ")).isEqualTo(ServiceCredentials.TYPE);
    }

    @Test
    void verify_rsaGatewayKey_accepted() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        String credential = ServiceCredentials.issue(rsa.getPrivate(), WORKSPACE, "alice", NOW, MINUTE);

        assertThat(ServiceCredentials.verify(credential, List.of(rsa.getPublic()), WORKSPACE, NOW)).contains("alice");
    }

    @Test
    void verify_anotherWorkspacesCredential_refused() {
        String credential = ServiceCredentials.issue(gateway, "ws-bbbbbbbbbbbb", "alice", NOW, MINUTE);

        assertThat(ServiceCredentials.verify(credential, trusted, WORKSPACE, NOW)).isEmpty();
    }

    @Test
    void verify_afterExpiryAndSkew_refused() {
        String credential = ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW, MINUTE);

        assertThat(ServiceCredentials.verify(credential, trusted, WORKSPACE, NOW.plusSeconds(60 + 31))).isEmpty();
    }

    @Test
    void verify_issuedInTheFuture_refused() {
        String credential = ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW.plusSeconds(120), MINUTE);

        assertThat(ServiceCredentials.verify(credential, trusted, WORKSPACE, NOW)).isEmpty();
    }

    @Test
    void verify_lifetimeOverFiveMinutes_refused() {
        String credential = ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW, Duration.ofMinutes(6));

        assertThat(ServiceCredentials.verify(credential, trusted, WORKSPACE, NOW)).isEmpty();
    }

    @Test
    void verify_signedByAKeyNotTrusted_refused() {
        PrivateKey other = PemKeys.privateKey(TestGatewayKeys.otherPrivateKeyPem());
        String credential = ServiceCredentials.issue(other, WORKSPACE, "alice", NOW, MINUTE);

        assertThat(ServiceCredentials.verify(credential, trusted, WORKSPACE, NOW)).isEmpty();
    }

    @Test
    void verify_eitherOfTwoTrustedKeys_acceptedDuringARotation() {
        PrivateKey other = PemKeys.privateKey(TestGatewayKeys.otherPrivateKeyPem());
        List<PublicKey> both = PemKeys.publicKeys(TestGatewayKeys.publicKeyPem() + TestGatewayKeys.otherPublicKeyPem());

        assertThat(both).hasSize(2);
        assertThat(ServiceCredentials.verify(ServiceCredentials.issue(other, WORKSPACE, "bob", NOW, MINUTE), both,
                WORKSPACE, NOW)).contains("bob");
        assertThat(ServiceCredentials.verify(ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW, MINUTE), both,
                WORKSPACE, NOW)).contains("alice");
    }

    @Test
    void verify_aUsersToken_refusedEvenWhenSignedByATrustedKey() throws Exception {
        JwtClaims claims = TestIdentityProvider.claims("alice", "user");
        claims.setAudience(WORKSPACE);
        claims.setIssuer(ServiceCredentials.ISSUER);
        claims.setIssuedAt(NumericDate.fromMilliseconds(NOW.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(NOW.plus(MINUTE).toEpochMilli()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(gateway);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");

        assertThat(ServiceCredentials.verify(jws.getCompactSerialization(), trusted, WORKSPACE, NOW)).isEmpty();
        assertThat(ServiceCredentials.verify(TestIdentityProvider.token("alice"), trusted, WORKSPACE, Instant.now()))
                .isEmpty();
    }

    @Test
    void verify_unsignedOrGarbage_refused() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ServiceCredentials.ISSUER);
        claims.setAudience(WORKSPACE);
        claims.setSubject("alice");

        assertThat(ServiceCredentials.verify(TestIdentityProvider.unsigned(claims), trusted, WORKSPACE, NOW)).isEmpty();
        assertThat(ServiceCredentials.verify("not.a.token", trusted, WORKSPACE, NOW)).isEmpty();
        assertThat(ServiceCredentials.verify(null, trusted, WORKSPACE, NOW)).isEmpty();
    }

    @Test
    void verify_noTrustedKeys_refusesEverything() {
        String credential = ServiceCredentials.issue(gateway, WORKSPACE, "alice", NOW, MINUTE);

        assertThat(ServiceCredentials.verify(credential, List.of(), WORKSPACE, NOW)).isEmpty();
    }

    @Test
    void pemKeys_traditionalEcPrivateKey_refusedWithAHowTo() {
        assertThatThrownBy(() -> PemKeys.privateKey("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl pkcs8 -topk8");
    }
}
