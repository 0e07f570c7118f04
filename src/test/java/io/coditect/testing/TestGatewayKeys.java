package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test gateway's key pairs ({@code src/test/resources/test-gateway}): the one the test agent trusts, and another. */
public final class TestGatewayKeys {
    public static final Path DIRECTORY = Path.of("src/test/resources/test-gateway");

    private TestGatewayKeys() {
    }

    public static Path privateKeyFile() {
        return DIRECTORY.resolve("private-key.pem").toAbsolutePath();
    }

    public static Path publicKeyFile() {
        return DIRECTORY.resolve("public-key.pem").toAbsolutePath();
    }

    public static String privateKeyPem() {
        return read("private-key.pem");
    }

    public static String publicKeyPem() {
        return read("public-key.pem");
    }

    /** A key pair nobody trusts. */
    public static String otherPrivateKeyPem() {
        return read("other-private-key.pem");
    }

    public static String otherPublicKeyPem() {
        return read("other-public-key.pem");
    }

    private static String read(String file) {
        try {
            return Files.readString(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
