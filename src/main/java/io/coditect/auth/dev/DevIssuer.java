package io.coditect.auth.dev;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The standalone development token issuer: signs JWTs for any user with its own key, which the
 * server trusts through {@link DevIssuerConfigSource}. It says at start-up whether it is on, and
 * why not when an operator's identity provider takes its place.
 */
@ApplicationScoped
public class DevIssuer {
    private static final Logger LOG = Logger.getLogger(DevIssuer.class.getName());

    private final DevIssuerSettings settings;
    private final Config config;
    private final Duration lifetime;
    private volatile DevIssuerKeys keys;

    /** A signed token and how long it is valid. */
    public record Issued(String token, long expiresInSeconds) {
    }

    /** For the CDI client proxy only. */
    protected DevIssuer() {
        this.settings = null;
        this.config = null;
        this.lifetime = null;
    }

    @Inject
    public DevIssuer(Config config) {
        this.config = config;
        this.settings = DevIssuerSettings.read(config);
        this.lifetime = Duration.ofSeconds(config.getValue("coditect.auth.dev-issuer.token-lifetime-seconds", Long.class));
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event) {
        switch (settings.state()) {
            case ACTIVE -> {
                keys = DevIssuerKeys.loadOrCreate(settings.keyDirectory());
                LOG.info(() -> "Development token issuer is on: POST /api/v1/dev/token from this machine returns a "
                        + "token for any user; its key is in " + settings.keyDirectory()
                        + ". Set MP_JWT_VERIFY_PUBLICKEY_LOCATION to use an identity provider instead.");
            }
            case STEPPED_ASIDE -> LOG.info(() -> "Development token issuer is off: " + settings.operatorKeyProperty()
                    + " is configured, so only that identity provider's tokens are accepted.");
            case DISABLED -> LOG.info(() -> "Development token issuer is off (" + DevIssuerSettings.ENABLED + "=false).");
            case NOT_STANDALONE -> LOG.fine("Development token issuer is off: it runs only in the standalone role.");
        }
    }

    public boolean isActive() {
        return settings.active();
    }

    /** A token for {@code user} with {@code groups}, as the identity provider of this server. */
    public Issued issue(String user, List<String> groups) {
        if (!isActive()) {
            throw new IllegalStateException("the development token issuer is off");
        }
        DevIssuerKeys signing = signingKeys();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.getValue(DevIssuerConfigSource.ISSUER_PROPERTY, String.class));
        claims.setAudience(audience());
        claims.setSubject(user);
        claims.setClaim("upn", user);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(0);
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + lifetime.toSeconds()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signing.signingKey().getPrivateKey());
        jws.setKeyIdHeaderValue(signing.signingKey().getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new Issued(jws.getCompactSerialization(), lifetime.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    /** The first accepted audience: the one this server verifies, whoever configured it. */
    private String audience() {
        return config.getValue(DevIssuerConfigSource.AUDIENCES_PROPERTY, String.class).split(",")[0].trim();
    }

    private DevIssuerKeys signingKeys() {
        DevIssuerKeys loaded = keys;
        if (loaded == null) {
            loaded = DevIssuerKeys.loadOrCreate(settings.keyDirectory());
            keys = loaded;
        }
        return loaded;
    }
}
