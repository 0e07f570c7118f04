package io.coditect.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.StoreHealth;
import io.coditect.store.Versionstamps;
import io.coditect.store.StoreUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded backend has to prove: its file, across processes and crashes. */
class EmbeddedStoreTest {
    private static final byte[] KEY = Tuple.from("test", "k").pack();

    @TempDir
    Path directory;

    @Test
    void transact_thenReopen_valueSurvives() {
        Path file = directory.resolve("kv.mv.db");
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            set(store, KEY, "v");
        }
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            assertThat(get(store, KEY)).contains("v");
        }
    }

    @Test
    void versionstampedKey_afterReopen_stillAfterEveryEarlierStamp() {
        Path file = directory.resolve("kv.mv.db");
        Subspace log = new Subspace(Tuple.from("test", "log"));
        for (int round = 0; round < 3; round++) {
            try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
                for (int i = 0; i < 2; i++) {
                    byte[] value = new byte[] {(byte) (round * 2 + i)};
                    store.transact(tx -> {
                        tx.setVersionstampedKey(Versionstamps.key(log, new Tuple(), 0), value);
                        return null;
                    });
                }
            }
        }

        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            var stored = store.read(tx -> tx.getRange(log.range()));
            assertThat(stored).extracting(pair -> (int) pair.value()[0]).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void kill9_whileCommitting_reopensAtTheLastCommittedTransactionWhole() throws Exception {
        Path file = directory.resolve("kv.mv.db");
        Process writer = fork("write", file);
        long acknowledged = 0;
        try (BufferedReader out = output(writer)) {
            while (acknowledged < 150) {
                String line = out.readLine();
                assertThat(line).as("the writer process ended early").isNotNull();
                if (line.startsWith("committed ")) {
                    acknowledged = Long.parseLong(line.substring("committed ".length()));
                }
            }
            writer.destroyForcibly();
            writer.waitFor();
        }

        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            long counter = store.read(tx -> Tuple.fromBytes(tx.get(StoreWriterProcess.COUNTER).orElseThrow()).getLong(0));
            long mirror = store.read(tx -> Tuple.fromBytes(tx.get(StoreWriterProcess.MIRROR).orElseThrow()).getLong(0));
            byte[] bulk = store.read(StoreWriterProcess.BULK::read).orElseThrow();

            assertThat(counter).isGreaterThanOrEqualTo(acknowledged).isEqualTo(mirror);
            assertThat(bulk).hasSize(StoreWriterProcess.BULK_BYTES).containsOnly((byte) counter);
            set(store, KEY, "after the crash");
            assertThat(get(store, KEY)).contains("after the crash");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void open_fileHeldByAnotherProcess_downWithReasonUntilThatProcessDies() throws Exception {
        Path file = directory.resolve("kv.mv.db");
        Process holder = fork("hold", file);
        try (BufferedReader out = output(holder)) {
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("the holding process ended early").isNotNull();
            } while (!line.equals("open"));

            try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
                StoreHealth held = store.health();
                assertThat(held.up()).isFalse();
                assertThat(held.detail()).contains(file.toString()).contains("locked");
                assertThatThrownBy(() -> set(store, KEY, "v")).isInstanceOf(StoreUnavailableException.class);

                holder.destroyForcibly();
                holder.waitFor();

                await().atMost(Duration.ofSeconds(30)).until(() -> store.health().up());
                Optional<byte[]> marker = store.read(tx -> tx.get(StoreWriterProcess.MARKER));
                assertThat(marker).as("what the other process wrote").isPresent();
                set(store, KEY, "v");
                assertThat(get(store, KEY)).contains("v");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void health_fileMovedAwayThenBack_downAndWritesRefusedThenUp() throws IOException {
        Path file = directory.resolve("kv.mv.db");
        Path elsewhere = directory.resolve("moved.mv.db");
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            set(store, KEY, "before");

            Files.move(file, elsewhere);
            StoreHealth moved = store.health();
            assertThatThrownBy(() -> set(store, KEY, "lost")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("missing");
            Files.move(elsewhere, file);
            StoreHealth back = store.health();
            set(store, KEY, "after");

            assertThat(moved.up()).isFalse();
            assertThat(moved.detail()).contains("missing");
            assertThat(back.up()).as(back.detail()).isTrue();
        }
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            assertThat(get(store, KEY)).contains("after");
        }
    }

    @Test
    void transact_sameLargeValueRewrittenManyTimes_fileStaysNearItsLiveSize() throws IOException {
        Path file = directory.resolve("kv.mv.db");
        try (EmbeddedStore store = EmbeddedStore.open(file, 4000, 2000)) {
            for (int i = 0; i < 300; i++) {
                byte[] value = new byte[90_000];
                value[0] = (byte) i;
                store.transact(tx -> {
                    tx.set(KEY, value);
                    return null;
                });
            }
        }

        // 300 commits of 90 kB each: chunks kept for MVStore's default 45 s would make it over 25 MB.
        assertThat(Files.size(file)).isLessThan(5L * 1024 * 1024);
    }

    @Test
    void close_thenUsed_unavailable() {
        EmbeddedStore store = EmbeddedStore.open(directory.resolve("kv.mv.db"), 4000, 2000);
        store.close();

        assertThatThrownBy(() -> get(store, KEY)).isInstanceOf(StoreUnavailableException.class);
        assertThat(store.health().up()).isFalse();
    }

    private static Process fork(String mode, Path file) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreWriterProcess.class.getName(), mode, file.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static BufferedReader output(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void set(EmbeddedStore store, byte[] key, String value) {
        store.transact(tx -> {
            tx.set(key, value.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    private static Optional<String> get(EmbeddedStore store, byte[] key) {
        return store.read(tx -> tx.get(key)).map(value -> new String(value, StandardCharsets.UTF_8));
    }
}
