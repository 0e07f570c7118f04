package io.coditect.auth.dev;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.coditect.platform.PlatformSettings;
import io.coditect.platform.StartLink;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The standalone development token issuer: signs JWTs with its own key, which the server trusts
 * through {@link DevIssuerConfigSource}, for whoever presents the sign-in secret ({@link SignInSecret})
 * that the ready banner prints as a link ({@link StartLink}): the standalone server is one person's
 * server, and other accounts on a shared machine cannot read the secret. It says at start-up whether
 * it is on, and why not; listening beyond loopback, it stops the application from starting.
 */
@ApplicationScoped
public class DevIssuer implements StartLink {
    /** The fragment of the page's address that carries the secret (the page reads it: sign-in-link.js). */
    public static final String LINK_PARAMETER = "sign-in";
    private static final Logger LOG = Logger.getLogger(DevIssuer.class.getName());

    private final DevIssuerSettings settings;
    private final Config config;
    private final Duration lifetime;
    private volatile DevIssuerKeys keys;
    private volatile SignInSecret secret;

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
        this.lifetime = Duration.ofSeconds(config.getValue(DevIssuerSettings.TOKEN_LIFETIME, Long.class));
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event) {
        switch (settings.state()) {
            case ACTIVE -> {
                keys = DevIssuerKeys.loadOrCreate(settings.keyDirectory());
                secret = SignInSecret.loadOrCreate(settings.keyDirectory());
                LOG.info(() -> "Development token issuer is on: POST /api/v1/dev/token from this machine, with the "
                        + "secret of the sign-in link the console shows (kept in " + settings.keyDirectory()
                        + "), returns a token for any user" + (settings.allowAdmin() ? ", admin too" : ", never admin ("
                        + DevIssuerSettings.ALLOW_ADMIN + "=false)")
                        + ". Set MP_JWT_VERIFY_PUBLICKEY_LOCATION to use an identity provider instead.");
            }
            case BEYOND_LOOPBACK -> {
                String refusal = "The development token issuer does not start: this server listens on "
                        + (settings.listenHost() == null ? "an address it cannot tell (" + PlatformSettings.HTTP_HOST
                                + " is not set)" : settings.listenHost() + " (" + PlatformSettings.HTTP_HOST + ")")
                        + ", beyond loopback, and a "
                        + "server other machines reach is not one person's server. Listen on localhost "
                        + "(CODITECT_HTTP_HOST=localhost), or configure an identity provider "
                        + "(MP_JWT_VERIFY_PUBLICKEY_LOCATION, docs/configuration.md, \"Authentication\").";
                // Said once, in full; the exception that stops the application only points at it.
                LOG.severe(refusal);
                throw new IllegalStateException("the development token issuer refuses to run on a server that listens "
                        + "beyond loopback (the error above says what to do)");
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

    /** Whether a development token may carry the {@code admin} group ({@value DevIssuerSettings#ALLOW_ADMIN}). */
    public boolean allowsAdmin() {
        return settings.allowAdmin();
    }

    /** Whether {@code candidate} is this server's sign-in secret; false whenever the issuer is off. */
    public boolean acceptsSecret(String candidate) {
        return isActive() && signInSecret().matches(candidate);
    }

    /** The sign-in link's fragment, for the ready banner, while the issuer is on. */
    @Override
    public Optional<String> fragment() {
        return isActive() ? Optional.of(LINK_PARAMETER + "=" + signInSecret().value()) : Optional.empty();
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

    private SignInSecret signInSecret() {
        SignInSecret loaded = secret;
        if (loaded == null) {
            loaded = SignInSecret.loadOrCreate(settings.keyDirectory());
            secret = loaded;
        }
        return loaded;
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
