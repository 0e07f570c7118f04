package io.coditect.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The credential a gateway shows an agent on every request and attach: a short-lived JWT signed
 * with the gateway's private key, its audience the one workspace the agent serves, its subject the
 * end user (for the agent's audit; the gateway already decided that the user may). Its own
 * {@code typ} sets it apart from the identity provider's tokens, which an agent never accepts.
 */
public final class ServiceCredentials {
    public static final String ISSUER = "coditect-gateway";
    public static final String TYPE = "coditect-agent+jwt";
    /** The most an agent allows between a credential's issue and its expiry. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    /** How far the gateway's and the agent's clocks may disagree. */
    static final int CLOCK_SKEW_SECONDS = 30;

    private ServiceCredentials() {
    }

    /** A credential for {@code user} towards the agent of {@code workspaceId}, valid for {@code lifetime} from {@code now}. */
    public static String issue(PrivateKey key, String workspaceId, String user, Instant now, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(workspaceId);
        claims.setSubject(user);
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(lifetime).toEpochMilli()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(algorithmFor(key));
        jws.setHeader("typ", TYPE);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a service credential: " + e.getMessage(), e);
        }
    }

    /**
     * The end user of a credential that one of {@code trusted} signed for {@code workspaceId} and
     * that is valid at {@code now}; empty for anything else (a user's token, another workspace's
     * credential, an expired or long-lived one, an unknown key, a malformed string).
     */
    public static Optional<String> verify(String token, List<PublicKey> trusted, String workspaceId, Instant now) {
        if (token == null || trusted.isEmpty()) {
            return Optional.empty();
        }
        JwksVerificationKeyResolver keys = new JwksVerificationKeyResolver(jwks(trusted));
        keys.setDisambiguateWithVerifySignature(true);
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setExpectedType(true, TYPE)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(keys)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(workspaceId)
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setMaxFutureValidityInMinutes((int) MAX_LIFETIME.toMinutes())
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
            if (lifetime > MAX_LIFETIME.toSeconds() || claims.getIssuedAt().getValue() > now.getEpochSecond() + CLOCK_SKEW_SECONDS) {
                return Optional.empty();
            }
            return Optional.of(claims.getSubject()).filter(subject -> !subject.isBlank());
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** ES256 for an EC (P-256) key, RS256 for an RSA key. */
    static String algorithmFor(java.security.Key key) {
        return key instanceof ECKey ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                : AlgorithmIdentifiers.RSA_USING_SHA256;
    }

    private static List<JsonWebKey> jwks(List<PublicKey> keys) {
        List<JsonWebKey> jwks = new ArrayList<>();
        for (PublicKey key : keys) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
                jwk.setAlgorithm(algorithmFor(key));
                jwks.add(jwk);
            } catch (JoseException e) {
                throw new IllegalArgumentException("unusable trusted key: " + e.getMessage(), e);
            }
        }
        return jwks;
    }
}
