package io.coditect.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when FoundationDB is configured but cannot be used: a missing cluster file,
 * or a missing client library (the case on these build machines, which have no libfdb_c).
 */
class FoundationDbStoreStartTest {
    private final Logger logger = Logger.getLogger(FoundationDbStore.class.getName());
    private final List<LogRecord> severe = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path directory;

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void clusterFileMissing_downSayingWhichFile_loggedOnce() {
        Path missing = directory.resolve("fdb.cluster");
        try (FoundationDbStore store = new FoundationDbStore(FoundationDbSettings.of(missing.toString(), 1000, 2000), new byte[] {1})) {
            StoreHealth first = store.health();
            StoreHealth second = store.health();

            assertThat(first.up()).isFalse();
            assertThat(first.detail()).contains(missing.toString(), "does not exist", "coditect.store.fdb.cluster-file");
            assertThat(second.up()).isFalse();
            assertThat(second.detail()).contains(missing.toString(), "does not exist");
            assertThat(severe).singleElement().satisfies(record ->
                    assertThat(record.getMessage()).contains(missing.toString(), "does not exist"));
        }
    }

    /**
     * Without the native client (the case on these build machines) the store is DOWN with the
     * loader's first error; every later call says that same error (the JVM itself would only say
     * the class could not be initialized), fails at once and does not try again, and no message
     * says it will (the circuit's probes cannot load a library).
     */
    @Test
    void clientLibraryMissing_downNamingLibfdbC_theFirstErrorKept_notTriedAgain_loggedOnce() throws Exception {
        Assumptions.assumeFalse(libfdbCInstalled(), "libfdb_c is installed here: nothing is missing to report");
        Path clusterFile = Files.writeString(directory.resolve("fdb.cluster"), "test:test@127.0.0.1:4500\n");
        FoundationDbStore store = new FoundationDbStore(FoundationDbSettings.of(clusterFile.toString(), 1000, 2000), new byte[] {1});
        try (FoundationDbStore later = new FoundationDbStore(FoundationDbSettings.of(clusterFile.toString(), 1000, 2000), new byte[] {1})) {
            StoreUnavailableException first = catchUnavailable(store);
            assertThat(first.getCause()).as(first.getMessage()).isInstanceOf(LinkageError.class);
            String loaderError = first.getCause().toString();
            StoreUnavailableException again = catchUnavailable(store);
            // Past the circuit's re-probe interval (1000 ms here): a probe would go through now.
            Thread.sleep(1_100);
            StoreUnavailableException afterReprobeInterval = catchUnavailable(store);
            StoreHealth health = store.health();
            StoreHealth healthAgain = store.health();

            assertThat(first).hasMessageContaining("FoundationDB cannot be opened").hasMessageContaining(loaderError);
            assertThat(first.getMessage()).contains("libfdb_c", "client package", "UnsatisfiedLinkError");
            for (StoreUnavailableException repeated : List.of(again, afterReprobeInterval)) {
                assertThat(repeated).hasMessageContaining(loaderError).hasMessageContaining("not tried again")
                        .hasMessageNotContaining("tried again every");
            }
            assertThat(health.up()).isFalse();
            assertThat(health.detail()).contains("libfdb_c", "client package", "UnsatisfiedLinkError", loaderError);
            assertThat(healthAgain.up()).isFalse();
            assertThat(healthAgain.detail()).contains(loaderError, "not tried again").doesNotContain("tried again every");
            assertThat(later.health().detail()).contains("libfdb_c");
            assertThat(severe).filteredOn(record -> record.getMessage().contains("libfdb_c")).hasSizeBetween(1, 2);
        } finally {
            store.close();
        }
        assertThatThrownBy(() -> store.read(tx -> tx.get(new byte[] {1})))
                .isInstanceOf(StoreUnavailableException.class);
    }

    private static StoreUnavailableException catchUnavailable(FoundationDbStore store) {
        try {
            store.transact(tx -> tx.get(new byte[] {1}));
        } catch (StoreUnavailableException e) {
            return e;
        }
        throw new AssertionError("the store answered without a client library");
    }

    private static boolean libfdbCInstalled() {
        return Stream.of("/usr/lib/libfdb_c.so", "/usr/lib64/libfdb_c.so", "/usr/local/lib/libfdb_c.so")
                .anyMatch(path -> Files.exists(Path.of(path)));
    }
}
