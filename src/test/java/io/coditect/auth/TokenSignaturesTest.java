package io.coditect.auth;

import static io.coditect.testing.TestIdentityProvider.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.coditect.auth.TokenSignatures.Verdict;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Key;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSignaturesTest {
    private static final Path TEST_IDP = Path.of("src/test/resources/test-idp");

    private final Map<String, String> settings = new HashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    @TempDir
    Path directory;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void check_tokenOfTrustedPemFile_valid() {
        trustTestIdpPemFile();

        assertThat(check(TestIdentityProvider.token("alice"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_forgedTokens_invalid() {
        trustTestIdpPemFile();
        String[] genuine = TestIdentityProvider.token("alice").split("\\.");
        String[] escalated = TestIdentityProvider.token("alice", "admin").split("\\.");

        assertThat(check(TestIdentityProvider.sign(claims("alice", "user"), TestIdentityProvider.untrustedKey())))
                .isEqualTo(Verdict.INVALID);
        assertThat(check(TestIdentityProvider.signedWithEmbeddedKey(claims("alice", "admin")))).isEqualTo(Verdict.INVALID);
        assertThat(check(TestIdentityProvider.unsigned(claims("alice", "admin")))).isEqualTo(Verdict.INVALID);
        assertThat(check(TestIdentityProvider.hmacSigned(claims("alice", "admin"),
                TestIdentityProvider.trustedPublicKeyPem().getBytes(StandardCharsets.US_ASCII)))).isEqualTo(Verdict.INVALID);
        assertThat(check(genuine[0] + "." + escalated[1] + "." + genuine[2])).isEqualTo(Verdict.INVALID);
        assertThat(check("not-a-jwt")).isEqualTo(Verdict.INVALID);
        assertThat(check("")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void check_inlinePem_valid() {
        settings.put(TrustedKeys.PUBLIC_KEY, TestIdentityProvider.trustedPublicKeyPem());

        assertThat(check(TestIdentityProvider.token("alice"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_jwksFile_byKeyIdOrAlone() throws Exception {
        RsaJsonWebKey key = rsaKey("k1");
        RsaJsonWebKey other = rsaKey("k2");
        Path jwks = Files.writeString(directory.resolve("jwks.json"), jwks(key, other));
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, jwks.toUri().toString());

        assertThat(check(sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, "k1"))).isEqualTo(Verdict.VALID);
        assertThat(check(sign(other, AlgorithmIdentifiers.RSA_USING_SHA256, null))).isEqualTo(Verdict.VALID);
        assertThat(check(sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, "k2"))).isEqualTo(Verdict.INVALID);
        assertThat(check(sign(rsaKey("k1"), AlgorithmIdentifiers.RSA_USING_SHA256, "k1"))).isEqualTo(Verdict.INVALID);
    }

    @Test
    void check_jwksFileReplaced_newKeysTrustedRotatedOutRefused() throws Exception {
        RsaJsonWebKey old = rsaKey("old");
        RsaJsonWebKey rotated = rsaKey("new");
        Path jwks = Files.writeString(directory.resolve("jwks.json"), jwks(old));
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, jwks.toUri().toString());
        TokenSignatures signatures = signatures(Duration.ZERO);
        String signedByOld = sign(old, AlgorithmIdentifiers.RSA_USING_SHA256, "old");
        String signedByNew = sign(rotated, AlgorithmIdentifiers.RSA_USING_SHA256, "new");
        assertThat(signatures.check(signedByOld)).isEqualTo(Verdict.VALID);
        assertThat(signatures.check(signedByNew)).isEqualTo(Verdict.INVALID);

        replace(jwks, jwks(old, rotated));
        assertThat(signatures.check(signedByNew)).as("new key published beside the old").isEqualTo(Verdict.VALID);
        assertThat(signatures.check(signedByOld)).isEqualTo(Verdict.VALID);

        replace(jwks, jwks(rotated));
        assertThat(signatures.check(signedByOld)).as("old key rotated out").isEqualTo(Verdict.INVALID);
        assertThat(signatures.check(signedByNew)).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_jwksFileReplacedByGarbage_keepsKeysReadBefore() throws Exception {
        RsaJsonWebKey key = rsaKey("k1");
        Path jwks = Files.writeString(directory.resolve("jwks.json"), jwks(key));
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, jwks.toUri().toString());
        TokenSignatures signatures = signatures(Duration.ZERO);
        String token = sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, "k1");
        assertThat(signatures.check(token)).isEqualTo(Verdict.VALID);

        replace(jwks, "{\"keys\": [ {\"kty\": \"RSA\", \"n\"");
        assertThat(signatures.check(token)).as("half written").isEqualTo(Verdict.VALID);
        Files.delete(jwks);
        assertThat(signatures.check(token)).as("gone for a moment").isEqualTo(Verdict.VALID);
        RsaJsonWebKey next = rsaKey("k2");
        Files.writeString(jwks, jwks(next));
        assertThat(signatures.check(sign(next, AlgorithmIdentifiers.RSA_USING_SHA256, "k2"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_jwksFileReplaced_lookedAtOncePerInterval() throws Exception {
        RsaJsonWebKey old = rsaKey("old");
        Path jwks = Files.writeString(directory.resolve("jwks.json"), jwks(old));
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, jwks.toUri().toString());
        TokenSignatures signatures = signatures(Duration.ofHours(1));
        String signedByOld = sign(old, AlgorithmIdentifiers.RSA_USING_SHA256, "old");
        assertThat(signatures.check(signedByOld)).isEqualTo(Verdict.VALID);

        RsaJsonWebKey rotated = rsaKey("new");
        replace(jwks, jwks(rotated));

        assertThat(signatures.check(sign(rotated, AlgorithmIdentifiers.RSA_USING_SHA256, "new")))
                .as("not looked at again within the interval").isEqualTo(Verdict.INVALID);
        assertThat(signatures.check(signedByOld)).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_inlineBase64urlJwk_valid() throws Exception {
        RsaJsonWebKey key = rsaKey("k1");
        settings.put(TrustedKeys.PUBLIC_KEY, Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8)));

        assertThat(check(sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, "k1"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_jwksOverHttp_validAndFollowsRotation() throws Exception {
        RsaJsonWebKey first = rsaKey("first");
        AtomicReference<String> published = new AtomicReference<>(jwks(first));
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, serve(published) + "/jwks");
        TokenSignatures signatures = signatures(Duration.ZERO);
        assertThat(signatures.check(sign(first, AlgorithmIdentifiers.RSA_USING_SHA256, "first"))).isEqualTo(Verdict.VALID);

        RsaJsonWebKey second = rsaKey("second");
        published.set(jwks(first, second));

        assertThat(signatures.check(sign(second, AlgorithmIdentifiers.RSA_USING_SHA256, "second"))).isEqualTo(Verdict.VALID);
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void check_keyRemovedFromJwksUrl_refusedOnceTheCacheRunsOut() throws Exception {
        RsaJsonWebKey old = rsaKey("old");
        RsaJsonWebKey current = rsaKey("current");
        AtomicReference<String> published = new AtomicReference<>(jwks(old, current));
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, serve(published) + "/jwks");
        settings.put(TrustedKeys.JWKS_CACHE_SECONDS, "1");
        TokenSignatures signatures = signatures(Duration.ofHours(1));
        String signedByOld = sign(old, AlgorithmIdentifiers.RSA_USING_SHA256, "old");
        assertThat(signatures.check(signedByOld)).isEqualTo(Verdict.VALID);

        published.set(jwks(current));
        Thread.sleep(1100);

        assertThat(signatures.check(signedByOld)).isEqualTo(Verdict.INVALID);
        assertThat(signatures.check(sign(current, AlgorithmIdentifiers.RSA_USING_SHA256, "current"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_unknownKeyIdsOverHttp_refetchedOncePerInterval() throws Exception {
        RsaJsonWebKey key = rsaKey("known");
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, serve(new AtomicReference<>(jwks(key))) + "/jwks");
        TokenSignatures signatures = signatures(Duration.ofHours(1));

        for (int i = 0; i < 20; i++) {
            assertThat(signatures.check(sign(rsaKey("made-up-" + i), AlgorithmIdentifiers.RSA_USING_SHA256, "made-up-" + i)))
                    .isEqualTo(Verdict.INVALID);
        }

        assertThat(fetches.get()).as("first fetch, then one refetch for an unknown kid").isEqualTo(2);
        assertThat(signatures.check(sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, "known"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void check_jwksUrlUnreachable_undecided() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, "http://127.0.0.1:" + closedPort + "/jwks");

        assertThat(check(TestIdentityProvider.token("alice"))).isEqualTo(Verdict.UNDECIDED);
    }

    @Test
    void check_keysThatCannotBeRead_undecided() {
        assertThat(check(TestIdentityProvider.token("alice"))).as("no key configured").isEqualTo(Verdict.UNDECIDED);

        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, directory.resolve("missing.pem").toUri().toString());
        assertThat(check(TestIdentityProvider.token("alice"))).as("missing file").isEqualTo(Verdict.UNDECIDED);

        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, TEST_IDP.resolve("README.md").toAbsolutePath().toString());
        assertThat(check(TestIdentityProvider.token("alice"))).as("not a key").isEqualTo(Verdict.UNDECIDED);

        trustTestIdpPemFile();
        settings.put(TrustedKeys.DECRYPT_KEY_LOCATION, "file:/keys/decrypt.pem");
        assertThat(check(TestIdentityProvider.token("alice"))).as("encrypted tokens").isEqualTo(Verdict.UNDECIDED);
    }

    @Test
    void check_es256Configured_onlyEs256TokensOfThatKey() throws Exception {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        settings.put(TrustedKeys.PUBLIC_KEY, pem(key.getPublicKey()));
        settings.put(TrustedKeys.ALGORITHM, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

        assertThat(check(sign(key, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, null))).isEqualTo(Verdict.VALID);
        assertThat(check(TestIdentityProvider.token("alice"))).isEqualTo(Verdict.INVALID);
    }

    private Verdict check(String token) {
        return signatures(Duration.ofSeconds(10)).check(token);
    }

    private TokenSignatures signatures(Duration refetchInterval) {
        return new TokenSignatures(name -> Optional.ofNullable(settings.get(name)), refetchInterval);
    }

    private void trustTestIdpPemFile() {
        settings.put(TrustedKeys.PUBLIC_KEY_LOCATION, TEST_IDP.resolve("public-key.pem").toAbsolutePath().toUri().toString());
    }

    /** Writes a new version of {@code file} that a look at its size and modification time tells apart. */
    private static void replace(Path file, String content) throws IOException {
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
    }

    private static RsaJsonWebKey rsaKey(String keyId) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(keyId);
        return key;
    }

    private static String jwks(JsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static String sign(PublicJsonWebKey key, String algorithm, String keyId) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims("alice", "user").toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private static String pem(Key key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private String serve(AtomicReference<String> jwks) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
