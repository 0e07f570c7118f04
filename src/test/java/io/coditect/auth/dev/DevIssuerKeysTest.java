package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_firstStart_privateKeyForOwnerOnlyAndPublicJwks() throws Exception {
        Path directory = dataDir.resolve("dev-issuer");

        DevIssuerKeys keys = DevIssuerKeys.loadOrCreate(directory);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("signing-key.json"))))
                .isEqualTo("rw-------");
        JsonWebKeySet published = new JsonWebKeySet(Files.readString(keys.jwksFile()));
        assertThat(published.getJsonWebKeys()).singleElement()
                .satisfies(key -> assertThat(key.getKeyId()).isEqualTo(keys.signingKey().getKeyId()));
        assertThat(Files.readString(keys.jwksFile())).doesNotContain("\"d\"");
    }

    @Test
    void loadOrCreate_secondStart_sameKey() {
        Path directory = dataDir.resolve("dev-issuer");
        DevIssuerKeys first = DevIssuerKeys.loadOrCreate(directory);

        DevIssuerKeys second = DevIssuerKeys.loadOrCreate(directory);

        assertThat(second.signingKey().getKeyId()).isEqualTo(first.signingKey().getKeyId());
        assertThat(second.signingKey().getPrivateKey()).isEqualTo(first.signingKey().getPrivateKey());
    }

    @Test
    void loadOrCreate_jwksDeleted_writtenAgainFromPrivateKey() throws Exception {
        Path directory = dataDir.resolve("dev-issuer");
        DevIssuerKeys first = DevIssuerKeys.loadOrCreate(directory);
        String jwks = Files.readString(first.jwksFile());
        Files.delete(first.jwksFile());

        DevIssuerKeys.loadOrCreate(directory);

        assertThat(Files.readString(first.jwksFile())).isEqualTo(jwks);
    }

    @Test
    void loadOrCreate_corruptKey_failsSayingWhatToDelete() throws Exception {
        Path directory = Files.createDirectories(dataDir.resolve("dev-issuer"));
        Files.writeString(directory.resolve("signing-key.json"), "{\"kty\":\"oct\",\"k\":\"AAAA\"}");

        assertThatThrownBy(() -> DevIssuerKeys.loadOrCreate(directory))
                .hasMessageContaining("delete that directory");
    }
}
