package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
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
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
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

    private static PrivateKey privateKey(String file) {
        String base64 = read(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (java.security.GeneralSecurityException e) {
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
