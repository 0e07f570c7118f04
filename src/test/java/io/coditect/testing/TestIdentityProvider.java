package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Mints JWTs as an outside identity provider would, with the test key pair that the
 * integration-test server is configured to trust ({@code src/test/resources/test-idp}).
 */
public final class TestIdentityProvider {
    public static final String ISSUER = "coditect-test-idp";
    public static final String AUDIENCE = "coditect";
    private static final Path KEYS = Path.of("src/test/resources/test-idp");

    private TestIdentityProvider() {
    }

    /**
     * A user name no other test uses: {@code prefix} and a random suffix. Tests that create
     * workspaces use one each, so the per-user quotas of the shared IT server never meet.
     */
    public static String uniqueUser(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid token for {@code user} with the {@code user} role, good for ten minutes. */
    public static String token(String user) {
        return token(user, "user");
    }

    public static String token(String user, String... groups) {
        return sign(claims(user, groups), trustedKey());
    }

    /** The claims of a valid token, for tests that change one thing about it. */
    public static JwtClaims claims(String user, String... groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(user);
        claims.setClaim("upn", user);
        claims.setStringListClaim("groups", List.of(groups));
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(1);
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    public static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = jws(claims, AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(key);
        return serialize(jws);
    }

    private static JsonWebSignature jws(JwtClaims claims, String algorithm) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        return jws;
    }

    private static String serialize(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}), as an attacker would forge one. */
    public static String unsigned(JwtClaims claims) {
        JsonWebSignature jws = jws(claims, AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        return serialize(jws);
    }

    /** A token MACed with HS256 under {@code secret}: the classic confusion of an RSA public key with an HMAC secret. */
    public static String hmacSigned(JwtClaims claims, byte[] secret) {
        JsonWebSignature jws = jws(claims, AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(secret));
        jws.setDoKeyValidation(false);
        return serialize(jws);
    }

    /** A token signed by an untrusted key that carries its own public key in the {@code jwk} header. */
    public static String signedWithEmbeddedKey(JwtClaims claims) {
        PrivateKey key = untrustedKey();
        JsonWebSignature jws = jws(claims, AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(key);
        try {
            jws.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(publicKeyOf(key)));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        return serialize(jws);
    }

    /** The private key the server trusts. */
    public static PrivateKey trustedKey() {
        return privateKey("private-key.pem");
    }

    /** A private key the server does not trust. */
    public static PrivateKey untrustedKey() {
        return privateKey("other-private-key.pem");
    }

    /** The PEM text of the public key the server trusts. */
    public static String trustedPublicKeyPem() {
        return read("public-key.pem");
    }

    private static PublicKey publicKeyOf(PrivateKey key) {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String file) {
        String base64 = read(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(KEYS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
