package io.coditect.store;

import io.coditect.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SPI contract against the embedded backend: always runs. */
class EmbeddedStoreContractTest extends KeyValueStoreContract {
    @TempDir
    Path directory;

    private int files;

    @Override
    protected KeyValueStore open(long timeoutMillis) {
        // Each store its own file: a second store on the same file would be refused its lock.
        return EmbeddedStore.open(directory.resolve("store-" + files++ + ".mv.db"), timeoutMillis, 2000);
    }

    @Override
    protected String expectedBackend() {
        return "embedded";
    }
}
