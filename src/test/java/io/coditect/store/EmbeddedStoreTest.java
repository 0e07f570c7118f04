package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.embedded.EmbeddedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {
    @TempDir
    Path directory;

    @Test
    void transact_thenReopen_valueSurvives() {
        Path file = directory.resolve("kv.mv.db");
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000)) {
            store.transact(tx -> {
                tx.set(bytes("k"), bytes("v"));
                return null;
            });
        }
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000)) {
            Optional<byte[]> value = store.read(tx -> tx.get(bytes("k")));

            assertThat(value).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v")));
        }
    }

    @Test
    void transact_workThrows_nothingWritten() {
        try (EmbeddedStore store = EmbeddedStore.open(directory.resolve("kv.mv.db"), 4000)) {
            try {
                store.transact(tx -> {
                    tx.set(bytes("k"), bytes("v"));
                    throw new IllegalStateException("boom");
                });
            } catch (IllegalStateException expected) {
                // the transaction must leave nothing behind
            }

            Optional<byte[]> value = store.read(tx -> tx.get(bytes("k")));

            assertThat(value).isEmpty();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
