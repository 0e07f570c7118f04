package io.coditect.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The identity provider's verification keys, read from the same standard properties that the
 * server's MicroProfile JWT reads ({@code mp.jwt.verify.publickey}, {@code .publickey.location}:
 * PEM, JWK or JWKS; inline, a file, a classpath resource or an http(s) URL). Keys rotate without a
 * restart: a JWKS URL is fetched again when a token names an unknown key ({@link #remote}), a file
 * is read again when it changes ({@link KeyFileWatch}). Only what it reads itself does it judge;
 * anything else it leaves undecided.
 */
final class TrustedKeys {
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    static final String DECRYPT_KEY_LOCATION = "mp.jwt.decrypt.key.location";
    /**
     * How long keys fetched from a JWKS URL are used before they are fetched again, when the
     * provider's answer sets no max-age (Keycloak answers no-cache): a key the provider removed is
     * refused within this time. An unknown key id fetches sooner ({@link #remote}).
     */
    static final String JWKS_CACHE_SECONDS = "coditect.auth.jwks.cache-seconds";
    private static final long DEFAULT_JWKS_CACHE_SECONDS = 300;
    private static final long KEEP_KNOWN_KEYS_MILLIS = 3_600_000;

    private final String algorithm;
    private final VerificationKeyResolver resolver;
    private final String source;

    private TrustedKeys(String algorithm, VerificationKeyResolver resolver, String source) {
        this.algorithm = algorithm;
        this.resolver = resolver;
        this.source = source;
    }

    /** Why the keys could not be read: the signature check is then left to the server. */
    static final class Unreadable extends Exception {
        Unreadable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * The keys that {@code settings} (MicroProfile Config lookups) name. A JWKS URL is fetched
     * again when a token names a key it does not have (rotation), at most once per
     * {@code refetchInterval}, so that tokens with made-up key ids cannot hammer the provider; a
     * key file is looked at once per {@code refetchInterval} and read again when it changed.
     */
    static TrustedKeys fromSettings(Function<String, Optional<String>> settings, ClassLoader resources,
            Duration refetchInterval) throws Unreadable {
        String algorithm = settings.apply(ALGORITHM).orElse(AlgorithmIdentifiers.RSA_USING_SHA256);
        if (settings.apply(DECRYPT_KEY_LOCATION).isPresent()) {
            throw new Unreadable("encrypted tokens (" + DECRYPT_KEY_LOCATION + ") are checked by the server only", null);
        }
        Optional<String> inline = settings.apply(PUBLIC_KEY);
        if (inline.isPresent()) {
            return new TrustedKeys(algorithm, parse(inline.get(), PUBLIC_KEY), PUBLIC_KEY);
        }
        String location = settings.apply(PUBLIC_KEY_LOCATION)
                .orElseThrow(() -> new Unreadable("no identity provider key is configured", null));
        if (location.startsWith("https://") || location.startsWith("http://")) {
            long cacheSeconds;
            try {
                cacheSeconds = settings.apply(JWKS_CACHE_SECONDS).map(String::strip).map(Long::parseLong)
                        .orElse(DEFAULT_JWKS_CACHE_SECONDS);
            } catch (NumberFormatException e) {
                throw new Unreadable(JWKS_CACHE_SECONDS + " is not a number of seconds", e);
            }
            return new TrustedKeys(algorithm, remote(location, refetchInterval, cacheSeconds), location);
        }
        Optional<Path> file = file(location);
        if (file.isPresent()) {
            return new TrustedKeys(algorithm, KeyFileWatch.of(file.get(), text -> parse(text, location), refetchInterval),
                    location);
        }
        return new TrustedKeys(algorithm, parse(resource(location, resources), location), location);
    }

    /** The algorithm tokens must be signed with. */
    String algorithm() {
        return algorithm;
    }

    /** Where the keys came from, for log lines. */
    String source() {
        return source;
    }

    /**
     * The key that verifies {@code jws}.
     *
     * @throws UnresolvableKeyException no trusted key fits it (the signature is not ours)
     * @throws Unreadable the keys could not be fetched now
     */
    Key keyFor(JsonWebSignature jws) throws UnresolvableKeyException, Unreadable {
        try {
            return resolver.resolveKey(jws, List.<JsonWebStructure>of());
        } catch (UnresolvableKeyException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    throw new Unreadable("cannot fetch " + source + ": " + cause.getMessage(), cause);
                }
            }
            throw e;
        }
    }

    private static VerificationKeyResolver remote(String url, Duration refetchInterval, long cacheSeconds) {
        HttpsJwks jwks = new HttpsJwks(url);
        jwks.setDefaultCacheDuration(cacheSeconds);
        // An unreachable provider does not make the keys already known unusable.
        jwks.setRetainCacheOnErrorDuration(KEEP_KNOWN_KEYS_MILLIS);
        // Refetching is paced below, once per interval, not by the library's own short reprieve.
        jwks.setRefreshReprieveThreshold(0);
        long interval = refetchInterval.toNanos();
        AtomicLong lastRefetch = new AtomicLong(System.nanoTime() - interval);
        return (jws, nesting) -> {
            JwksVerificationKeyResolver known = resolver(keys(jwks, url));
            try {
                return known.resolveKey(jws, nesting);
            } catch (UnresolvableKeyException unknown) {
                long last = lastRefetch.get();
                long now = System.nanoTime();
                if (now - last < interval || !lastRefetch.compareAndSet(last, now)) {
                    throw unknown;
                }
                try {
                    jwks.refresh();
                } catch (JoseException | IOException e) {
                    throw unreachable(url, e);
                }
                return resolver(keys(jwks, url)).resolveKey(jws, nesting);
            }
        };
    }

    /** The keys at {@code url}, from the cache while it is fresh. */
    private static List<JsonWebKey> keys(HttpsJwks jwks, String url) throws UnresolvableKeyException {
        try {
            return jwks.getJsonWebKeys();
        } catch (JoseException | IOException e) {
            throw unreachable(url, e);
        }
    }

    /** A failure to get the keys, which {@link #keyFor} reports as {@link Unreadable}. */
    private static UnresolvableKeyException unreachable(String url, Exception cause) {
        return new UnresolvableKeyException("cannot fetch " + url,
                cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
    }

    private static JwksVerificationKeyResolver resolver(List<JsonWebKey> keys) {
        JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(keys);
        resolver.setDisambiguateWithVerifySignature(true);
        return resolver;
    }

    private static VerificationKeyResolver parse(String text, String where) throws Unreadable {
        String content = text.strip();
        try {
            if (content.startsWith("-----BEGIN PUBLIC KEY-----")) {
                Key key = pemPublicKey(content);
                return (jws, nesting) -> key;
            }
            if (!content.startsWith("{")) {
                content = new String(Base64.getUrlDecoder().decode(content), StandardCharsets.UTF_8).strip();
            }
            return resolver(content.contains("\"keys\"") ? new JsonWebKeySet(content).getJsonWebKeys()
                    : List.of(JsonWebKey.Factory.newJwk(content)));
        } catch (JoseException | IllegalArgumentException e) {
            throw new Unreadable("the key in " + where + " is not a PEM public key, a JWK or a JWKS", e);
        }
    }

    private static Key pemPublicKey(String pem) {
        List<PublicKey> keys = PemKeys.publicKeys(pem);
        if (keys.size() != 1) {
            throw new IllegalArgumentException("expected one PEM public key, found " + keys.size());
        }
        return keys.get(0);
    }

    /** The file that {@code location} names ({@code file:} URL or absolute path), if it is one. */
    private static Optional<Path> file(String location) throws Unreadable {
        try {
            if (location.startsWith("file:")) {
                return Optional.of(Path.of(URI.create(location)));
            }
            Path file = Path.of(location);
            return file.isAbsolute() && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new Unreadable("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String location, ClassLoader resources) throws Unreadable {
        try (InputStream resource = resources.getResourceAsStream(location.startsWith("/") ? location.substring(1) : location)) {
            if (resource != null) {
                return new String(resource.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new Unreadable("cannot find " + location, null);
        } catch (IOException e) {
            throw new Unreadable("cannot read " + location + ": " + e.getMessage(), e);
        }
    }
}
