package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

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

    /** The private key the test agent trusts: credentials it signs are a gateway's. */
    public static PrivateKey privateKey() {
        return ecPrivateKey(privateKeyPem());
    }

    public static PrivateKey otherPrivateKey() {
        return ecPrivateKey(otherPrivateKeyPem());
    }

    private static PrivateKey ecPrivateKey(String pem) {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
