package io.coditect.auth.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The secret of the development sign-in link (as a notebook server's token): 256 random bits,
 * base64url, in {@code <data-dir>/dev-issuer/sign-in-secret} (owner-only, like the key beside it).
 * Made on first start and kept across restarts, so that a link opened once (and the page that
 * remembers it) keeps working through the restarts of development; deleting the file makes a new
 * one at the next start, and every old link stops working. Only the account that runs the server
 * (which can read the file, or the console that prints the link) signs in.
 */
public final class SignInSecret {
    static final String FILE = "sign-in-secret";
    private static final int BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final String value;

    private SignInSecret(String value) {
        this.value = value;
    }

    /** The secret in {@code directory}, made there if missing or not a secret of this format. */
    public static synchronized SignInSecret loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            DevIssuerKeys.createPrivateDirectory(directory);
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (FORMAT.matcher(stored).matches()) {
                    return new SignInSecret(stored);
                }
            }
            byte[] random = new byte[BYTES];
            new SecureRandom().nextBytes(random);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            DevIssuerKeys.writeAtomically(file, made + "\n");
            return new SignInSecret(made);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development sign-in secret in " + file, e);
        }
    }

    /** The secret itself: printed in the sign-in link, nowhere else. */
    public String value() {
        return value;
    }

    /** Whether {@code candidate} is the secret, in time that does not depend on where it differs. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "SignInSecret[hidden]";
    }
}
