package io.coditect.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM keys as {@code openssl genpkey} and {@code openssl pkey -pubout} write them: EC (P-256) or RSA. */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final List<String> ALGORITHMS = List.of("EC", "RSA");

    private PemKeys() {
    }

    /** The one PKCS#8 private key ({@code BEGIN PRIVATE KEY}) in {@code pem}. */
    static PrivateKey privateKey(String pem) {
        List<byte[]> blocks = blocks(pem, "PRIVATE KEY");
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("expected one PKCS#8 PEM block (BEGIN PRIVATE KEY), found "
                    + blocks.size() + (pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN RSA PRIVATE KEY")
                    ? "; convert it with openssl pkcs8 -topk8 -nocrypt" : ""));
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(blocks.get(0));
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new IllegalArgumentException("the private key is neither EC nor RSA");
    }

    /** Every X.509 public key ({@code BEGIN PUBLIC KEY}) in {@code pem}, in order. */
    static List<PublicKey> publicKeys(String pem) {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : blocks(pem, "PUBLIC KEY")) {
            keys.add(publicKey(der));
        }
        return keys;
    }

    private static PublicKey publicKey(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new IllegalArgumentException("a public key is neither EC nor RSA");
    }

    private static List<byte[]> blocks(String pem, String type) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            if (block.group(1).equals(type)) {
                blocks.add(Base64.getMimeDecoder().decode(block.group(2)));
            }
        }
        return blocks;
    }
}
