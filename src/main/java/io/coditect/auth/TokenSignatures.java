package io.coditect.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Key;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Checks a bearer token's signature against the configured identity provider keys before the
 * server's MicroProfile JWT sees the token. Liberty's refusal of a token whose signature fails
 * quotes the whole token in its log message; a token refused here never gets that far. The
 * server still verifies every token that passes, signature and claims.
 */
@ApplicationScoped
public class TokenSignatures {
    private static final Logger LOG = Logger.getLogger(TokenSignatures.class.getName());
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

    public enum Verdict {
        /** Signed by a trusted key with the configured algorithm. */
        VALID,
        /** Malformed, another algorithm, or no trusted key verifies it: refuse it. */
        INVALID,
        /** The keys cannot be read here (see the log): leave the decision to the server. */
        UNDECIDED
    }

    private final Function<String, Optional<String>> settings;
    private final Duration refetchInterval;
    private volatile TrustedKeys keys;
    private volatile long nextLoadAttempt;
    private volatile boolean degraded;

    /** For the CDI client proxy only. */
    protected TokenSignatures() {
        this.settings = null;
        this.refetchInterval = null;
    }

    @Inject
    public TokenSignatures(Config config) {
        this(name -> config.getOptionalValue(name, String.class), REFETCH_INTERVAL);
    }

    TokenSignatures(Function<String, Optional<String>> settings, Duration refetchInterval) {
        this.settings = settings;
        this.refetchInterval = refetchInterval;
        this.nextLoadAttempt = System.nanoTime();
    }

    public Verdict check(String token) {
        TrustedKeys trusted = keys();
        if (trusted == null) {
            return Verdict.UNDECIDED;
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    trusted.algorithm()));
            jws.setCompactSerialization(token);
            if (!trusted.algorithm().equals(jws.getAlgorithmHeaderValue())) {
                return Verdict.INVALID;
            }
            Key key = trusted.keyFor(jws);
            jws.setKey(key);
            Verdict verdict = jws.verifySignature() ? Verdict.VALID : Verdict.INVALID;
            recovered(trusted);
            return verdict;
        } catch (JoseException e) {
            // Malformed, a forbidden algorithm, or no trusted key fits (UnresolvableKeyException).
            return Verdict.INVALID;
        } catch (TrustedKeys.Unreadable e) {
            degrade(e);
            return Verdict.UNDECIDED;
        }
    }

    private TrustedKeys keys() {
        TrustedKeys loaded = keys;
        if (loaded != null || System.nanoTime() - nextLoadAttempt < 0) {
            return loaded;
        }
        synchronized (this) {
            if (keys == null && System.nanoTime() - nextLoadAttempt >= 0) {
                try {
                    keys = TrustedKeys.fromSettings(settings, TokenSignatures.class.getClassLoader(), refetchInterval);
                } catch (TrustedKeys.Unreadable e) {
                    nextLoadAttempt = System.nanoTime() + RETRY_NANOS;
                    degrade(e);
                }
            }
            return keys;
        }
    }

    private void degrade(TrustedKeys.Unreadable reason) {
        if (!degraded) {
            degraded = true;
            LOG.warning(() -> "Bearer token signatures are not pre-checked (" + reason.getMessage() + "): the server's "
                    + "MicroProfile JWT alone judges them, and its refusals may quote a token in trace.log.");
        }
    }

    private void recovered(TrustedKeys trusted) {
        if (degraded) {
            degraded = false;
            LOG.info(() -> "Bearer token signatures are pre-checked again against " + trusted.source() + ".");
        }
    }
}
