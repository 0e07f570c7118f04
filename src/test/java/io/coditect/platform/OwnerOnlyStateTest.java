package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's state on a shared machine: data directory 0700, store file 0600, whatever the umask. */
class OwnerOnlyStateTest {
    @TempDir
    Path temp;

    @Test
    void dataDirectory_newAndItsChildren_0700() {
        DataDirectory data = new DataDirectory(temp.resolve("data").toString());

        assertThat(mode(data.root())).isEqualTo("rwx------");
        assertThat(mode(data.resolve("store"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("workspaces"))).isEqualTo("rwx------");
    }

    @Test
    void dataDirectory_existingWorldReadable_tightenedTo0700() throws IOException {
        Path existing = Files.createDirectories(temp.resolve("old"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        new DataDirectory(existing.toString()).root();

        assertThat(mode(existing)).isEqualTo("rwx------");
    }

    @Test
    void embeddedStoreFile_0600_evenWhenItWasWorldReadable() throws IOException {
        Path file = new DataDirectory(temp.resolve("data").toString()).resolve("store").resolve("coditect.mv.db");
        try (EmbeddedStore store = EmbeddedStore.open(file, 1000, 1000)) {
            assertThat(mode(file)).isEqualTo("rw-------");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (EmbeddedStore store = EmbeddedStore.open(file, 1000, 1000)) {
            assertThat(mode(file)).isEqualTo("rw-------");
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
