package io.coditect.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The keys of a file (PEM, JWK or JWKS) that an operator or a secret mount replaces when the
 * identity provider rotates its keys: the file is looked at (modification time and size) at most
 * once per {@code checkInterval} and read again when it changed, so new keys are trusted and
 * removed ones refused without a restart. A replacement that cannot be parsed (caught half
 * written, or broken) keeps the keys read before, and is tried again at the next look.
 */
final class KeyFileWatch implements VerificationKeyResolver {
    private static final Logger LOG = Logger.getLogger(KeyFileWatch.class.getName());

    /** Turns a file's text into its keys. */
    interface Parser {
        VerificationKeyResolver parse(String text) throws TrustedKeys.Unreadable;
    }

    private record Version(FileTime modified, long size) {
    }

    private record Loaded(Version version, VerificationKeyResolver keys) {
    }

    private final Path file;
    private final Parser parser;
    private final long checkIntervalNanos;
    private volatile Loaded loaded;
    private volatile long nextCheck;

    private KeyFileWatch(Path file, Parser parser, Duration checkInterval, Loaded first) {
        this.file = file;
        this.parser = parser;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.loaded = first;
        this.nextCheck = System.nanoTime() + checkIntervalNanos;
    }

    /** Reads {@code file} now; its first version must parse. */
    static KeyFileWatch of(Path file, Parser parser, Duration checkInterval) throws TrustedKeys.Unreadable {
        Version version = version(file);
        return new KeyFileWatch(file, parser, checkInterval, new Loaded(version, parser.parse(read(file))));
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        return current().keys().resolveKey(jws, nesting);
    }

    private Loaded current() {
        Loaded known = loaded;
        if (System.nanoTime() - nextCheck < 0) {
            return known;
        }
        synchronized (this) {
            if (System.nanoTime() - nextCheck < 0) {
                return loaded;
            }
            nextCheck = System.nanoTime() + checkIntervalNanos;
            try {
                Version now = version(file);
                if (!now.equals(loaded.version())) {
                    loaded = new Loaded(now, parser.parse(read(file)));
                    LOG.info(() -> "Identity provider keys read again from " + file + " (the file changed).");
                }
            } catch (TrustedKeys.Unreadable e) {
                LOG.warning(() -> "Identity provider keys in " + file + " changed but cannot be read ("
                        + e.getMessage() + "); the keys read before stay trusted until it can.");
            }
            return loaded;
        }
    }

    private static Version version(Path file) throws TrustedKeys.Unreadable {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            throw new TrustedKeys.Unreadable("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws TrustedKeys.Unreadable {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new TrustedKeys.Unreadable("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
