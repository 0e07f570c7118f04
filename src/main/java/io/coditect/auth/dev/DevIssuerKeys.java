package io.coditect.auth.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

/**
 * The development issuer's RSA key pair under {@code <data-dir>/dev-issuer}: the private key
 * ({@code signing-key.json}, readable by the owner only) and the public JWKS the server trusts
 * ({@code jwks.json}). Made on first start, reused afterwards.
 */
public final class DevIssuerKeys {
    static final String SIGNING_KEY_FILE = "signing-key.json";
    static final String JWKS_FILE = "jwks.json";
    private static final int KEY_BITS = 2048;

    private final RsaJsonWebKey signingKey;
    private final Path jwksFile;

    private DevIssuerKeys(RsaJsonWebKey signingKey, Path jwksFile) {
        this.signingKey = signingKey;
        this.jwksFile = jwksFile;
    }

    /** The key pair in {@code directory}, created there if it does not exist yet. */
    public static synchronized DevIssuerKeys loadOrCreate(Path directory) {
        try {
            createPrivateDirectory(directory);
            Path signingFile = directory.resolve(SIGNING_KEY_FILE);
            RsaJsonWebKey key = Files.exists(signingFile) ? read(signingFile) : generate();
            if (!Files.exists(signingFile)) {
                writeAtomically(signingFile, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            }
            Path jwksFile = directory.resolve(JWKS_FILE);
            String jwks = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            if (!Files.exists(jwksFile) || !Files.readString(jwksFile).equals(jwks)) {
                writeAtomically(jwksFile, jwks);
            }
            return new DevIssuerKeys(key, jwksFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development issuer's keys in " + directory, e);
        } catch (JoseException e) {
            throw new IllegalStateException("the development issuer's key in " + directory
                    + " is unreadable; delete that directory to make a new one", e);
        }
    }

    public RsaJsonWebKey signingKey() {
        return signingKey;
    }

    /** The public key set the server verifies development tokens with. */
    public Path jwksFile() {
        return jwksFile;
    }

    private static RsaJsonWebKey read(Path file) throws IOException, JoseException {
        if (JsonWebKey.Factory.newJwk(Files.readString(file)) instanceof RsaJsonWebKey key && key.getPrivateKey() != null) {
            return key;
        }
        throw new JoseException(file + " holds no RSA private key");
    }

    private static RsaJsonWebKey generate() throws JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(KEY_BITS);
        key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        return key;
    }

    static void createPrivateDirectory(Path directory) throws IOException {
        if (isPosix()) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Written whole or not at all, readable by the owner only (the JWKS is public, but nobody needs it). */
    static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = isPosix()
                ? Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
