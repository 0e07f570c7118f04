package io.coditect.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What these build machines can check of the FoundationDB backend for real: without the native
 * client {@code libfdb_c} it is DOWN with the loader's first error, every later call says that
 * same error (the JVM itself would only say the class could not be initialized), and it does not
 * try again. Skipped where the client library is installed.
 */
class FoundationDbStoreWithoutClientTest {
    @Test
    void noNativeClient_downWithTheFirstErrorKeptAndNotTriedAgain(@TempDir Path directory) throws IOException {
        Path clusterFile = Files.writeString(directory.resolve("fdb.cluster"), "test:test@127.0.0.1:4500\n");
        FoundationDbStore store = new FoundationDbStore(
                FoundationDbSettings.of(clusterFile.toString(), 1000, 2000), new byte[] {0x01});

        StoreUnavailableException first = catchUnavailable(store);
        Assumptions.assumeTrue(first.getCause() instanceof LinkageError,
                "the FoundationDB client library is installed here: " + first.getMessage());
        String loaderError = first.getCause().toString();

        StoreUnavailableException later = catchUnavailable(store);
        StoreHealth health = store.health();

        assertThat(first).hasMessageContaining("FoundationDB cannot be opened").hasMessageContaining(loaderError);
        assertThat(later).hasMessageContaining(loaderError);
        assertThat(health.up()).isFalse();
        assertThat(health.detail()).contains(loaderError);
        store.close();
        assertThatThrownBy(() -> store.read(tx -> tx.get(new byte[] {0x01})))
                .isInstanceOf(StoreUnavailableException.class);
    }

    private static StoreUnavailableException catchUnavailable(FoundationDbStore store) {
        try {
            store.transact(tx -> tx.get(new byte[] {0x01}));
        } catch (StoreUnavailableException e) {
            return e;
        }
        throw new AssertionError("the store answered without a client library");
    }
}
