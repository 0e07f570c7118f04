package io.coditect.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.StoreHealth;
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

    @Test
    void clientLibraryMissing_downNamingLibfdbC_theFirstErrorKept_loggedOnce() throws IOException {
        Assumptions.assumeFalse(libfdbCInstalled(), "libfdb_c is installed here: nothing is missing to report");
        Path clusterFile = Files.writeString(directory.resolve("fdb.cluster"), "test:test@127.0.0.1:4500\n");
        try (FoundationDbStore store = new FoundationDbStore(FoundationDbSettings.of(clusterFile.toString(), 1000, 2000), new byte[] {1});
             FoundationDbStore later = new FoundationDbStore(FoundationDbSettings.of(clusterFile.toString(), 1000, 2000), new byte[] {1})) {
            StoreHealth first = store.health();
            StoreHealth again = store.health();

            assertThat(first.up()).isFalse();
            assertThat(first.detail()).contains("libfdb_c", "client package", "UnsatisfiedLinkError");
            assertThat(again.up()).isFalse();
            assertThat(again.detail()).contains("libfdb_c", "UnsatisfiedLinkError");
            assertThat(later.health().detail()).contains("libfdb_c");
            assertThat(severe).filteredOn(record -> record.getMessage().contains("libfdb_c")).hasSizeBetween(1, 2);
        }
    }

    private static boolean libfdbCInstalled() {
        return Stream.of("/usr/lib/libfdb_c.so", "/usr/lib64/libfdb_c.so", "/usr/local/lib/libfdb_c.so")
                .anyMatch(path -> Files.exists(Path.of(path)));
    }
}
