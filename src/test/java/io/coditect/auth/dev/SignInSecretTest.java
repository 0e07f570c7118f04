package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInSecretTest {
    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_firstStart_256RandomBitsInAnOwnerOnlyFile() throws Exception {
        Path directory = dataDir.resolve("dev-issuer");

        SignInSecret secret = SignInSecret.loadOrCreate(directory);

        assertThat(secret.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(directory.resolve("sign-in-secret")).trim()).isEqualTo(secret.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("sign-in-secret"))))
                .isEqualTo("rw-------");
        assertThat(secret.toString()).doesNotContain(secret.value());
    }

    @Test
    void loadOrCreate_restart_sameSecret_deletedFile_newSecret() throws Exception {
        Path directory = dataDir.resolve("dev-issuer");
        SignInSecret first = SignInSecret.loadOrCreate(directory);

        assertThat(SignInSecret.loadOrCreate(directory).value()).isEqualTo(first.value());

        Files.delete(directory.resolve("sign-in-secret"));
        SignInSecret renewed = SignInSecret.loadOrCreate(directory);
        assertThat(renewed.value()).isNotEqualTo(first.value());
        assertThat(renewed.matches(first.value())).isFalse();
    }

    @Test
    void loadOrCreate_damagedFile_replaced() throws Exception {
        Path directory = dataDir.resolve("dev-issuer");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("sign-in-secret"), "short");

        assertThat(SignInSecret.loadOrCreate(directory).value()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void matches_onlyTheSecretItself() {
        SignInSecret secret = SignInSecret.loadOrCreate(dataDir.resolve("dev-issuer"));

        assertThat(secret.matches(secret.value())).isTrue();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret.matches("")).isFalse();
        assertThat(secret.matches(secret.value().substring(1))).isFalse();
        assertThat(secret.matches(secret.value() + "x")).isFalse();
        String last = secret.value().substring(42);
        assertThat(secret.matches(secret.value().substring(0, 42) + (last.equals("A") ? "B" : "A"))).isFalse();
    }
}
