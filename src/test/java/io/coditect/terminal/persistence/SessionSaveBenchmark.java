package io.coditect.terminal.persistence;

import io.coditect.platform.ServerRole;
import io.coditect.store.ChunkedValue;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreHealth;
import io.coditect.store.Transaction;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.engine.LocalTerminalHost;
import io.coditect.testing.SilentTerminalListener;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.workspace.AgentWorkspace;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What saving terminal sessions costs, in this JVM with real bash on real PTYs and the real embedded
 * store (fsync per commit) in a temporary directory: bytes and time of every save transaction
 * while terminals are used interactively and while they print floods, what rewriting the whole
 * tail on every save would cost instead, and how long a restart takes to list the saved sessions
 * and to bring one back. Not a test: run it by hand (docs/benchmarks.md) and read the RESULT lines.
 */
public final class SessionSaveBenchmark {
    private static final String WS = "ws-000000000001";

    private SessionSaveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int interactive = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path data = Files.createTempDirectory("session-bench");
        KeyLayout keys = new KeyLayout("bench");
        Counting store = new Counting(EmbeddedStore.open(data.resolve("store.mv.db"), 4000, 2000));
        WorkspaceRepository workspaces = new WorkspaceRepository(store, keys);
        Instant now = Instant.now();
        workspaces.insert(new Workspace(WS, "bench", "bench", WorkspaceStatus.RUNNING, Progress.READY, null,
                now, now, now), others -> { });
        TerminalSettings settings = new TerminalSettings(List.of("/bin/bash"), 262_144, 131_072, 65_536,
                1_048_576, 1000, 1800, 30, 25, "xterm-256color");
        Function<String, Path> directories = id -> {
            try {
                return Files.createDirectories(data.resolve("workspaces").resolve(id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        RestorableWorkspaces restorable = new RestorableWorkspaces(new ServerRole("standalone"), store, keys, workspaces,
                new AgentWorkspace(new ServerRole("standalone"), Optional.empty(), "/workspace"));

        TerminalSessions sessions = new TerminalSessions(store, keys, settings, data.resolve("terminals"),
                restorable::plan, 1000);
        LocalTerminalHost host = new LocalTerminalHost(settings, new SilentTerminalListener(), directories, Clock.systemUTC(), sessions);
        sessions.start();

        List<String> ids = new ArrayList<>();
        List<Attachment> clients = new ArrayList<>();
        for (int i = 0; i < interactive; i++) {
            String id = host.create(WS, new TerminalSpec("/bin/bash", null, 80, 24, Map.of())).id();
            ids.add(id);
            clients.add(host.attach(WS, id, OptionalLong.empty(), new Sink()));
        }
        Thread.sleep(3000);

        store.reset();
        Random random = new Random(1);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int commands = 0;
        while (System.nanoTime() < until) {
            for (Attachment client : clients) {
                client.input(bytes("echo command-" + random.nextInt(1_000_000) + " in $PWD\r"));
                commands++;
            }
            Thread.sleep(1000);
        }
        Thread.sleep(2500);
        store.report("interactive: " + interactive + " terminals, one command each per second, " + commands + " commands");

        List<String> floods = ids.subList(0, Math.min(5, ids.size()));
        store.reset();
        for (int i = 0; i < floods.size(); i++) {
            clients.get(i).input(bytes("timeout 10 sh -c 'while :; do seq 1 100000; done'; echo flood-done\r"));
        }
        Thread.sleep(12_500);
        store.report("flood: " + floods.size() + " terminals printing as fast as they can for 10 s, the rest idle");

        Counting rewrite = store;
        rewrite.reset();
        byte[] tail = new byte[SavedOutput.TAIL_BYTES];
        random.nextBytes(tail);
        for (int round = 0; round < 20; round++) {
            rewrite.transact(tx -> {
                new ChunkedValue(keys.terminal(WS, "t-rewrite000000").get("whole")).write(tx, tail);
                return null;
            });
        }
        rewrite.report("for comparison: rewriting one whole 256 KiB tail per transaction (what an unchanged"
                + " ChunkedValue layout would cost per terminal with new output)");
        rewrite.transact(tx -> {
            tx.clearRange(keys.terminal(WS, "t-rewrite000000").range());
            return null;
        });

        // Every flooded terminal now has a full tail: restart and bring them back.
        sessions.stop();
        host.shutdown();
        sessions.close();

        long listStart = System.nanoTime();
        TerminalSessions restarted = new TerminalSessions(store, keys, settings, data.resolve("terminals"),
                restorable::plan, 1000);
        LocalTerminalHost again = new LocalTerminalHost(settings, new SilentTerminalListener(), directories, Clock.systemUTC(), restarted);
        restarted.start();
        while (again.list(WS).size() < ids.size()) {
            Thread.sleep(1);
        }
        double listMillis = (System.nanoTime() - listStart) / 1e6;

        List<Double> attachMillis = new ArrayList<>();
        List<Double> promptMillis = new ArrayList<>();
        for (String id : floods) {
            Sink sink = new Sink();
            long start = System.nanoTime();
            again.attach(WS, id, OptionalLong.empty(), sink);
            sink.marker.await(30, TimeUnit.SECONDS);
            attachMillis.add((System.nanoTime() - start) / 1e6);
            sink.prompt.await(30, TimeUnit.SECONDS);
            promptMillis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(attachMillis);
        Collections.sort(promptMillis);
        System.out.printf(Locale.ROOT, "RESULT restart: %d saved sessions listed %.0f ms after start;"
                        + " attach to a session with a full 256 KiB tail: marker after %.0f ms (median of %d),"
                        + " new shell's prompt after %.0f ms%n",
                ids.size(), listMillis, attachMillis.get(attachMillis.size() / 2), attachMillis.size(),
                promptMillis.get(promptMillis.size() / 2));
        restarted.stop();
        again.shutdown();
        restarted.close();
        store.close();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The store, counting the bytes each read-write transaction writes and timing it. */
    private static final class Counting implements KeyValueStore {
        private final EmbeddedStore store;
        private final List<long[]> transactions = Collections.synchronizedList(new ArrayList<>());

        Counting(EmbeddedStore store) {
            this.store = store;
        }

        void reset() {
            transactions.clear();
        }

        void report(String scenario) {
            List<long[]> all;
            synchronized (transactions) {
                all = new ArrayList<>(transactions);
            }
            long[] bytes = all.stream().mapToLong(t -> t[0]).sorted().toArray();
            long[] micros = all.stream().mapToLong(t -> t[1]).sorted().toArray();
            long total = all.stream().mapToLong(t -> t[0]).sum();
            if (bytes.length == 0) {
                System.out.println("RESULT " + scenario + ": no transactions");
                return;
            }
            System.out.printf(Locale.ROOT, "RESULT %s: %d write transactions, bytes per transaction p50 %d /"
                            + " p99 %d / max %d (total %.1f MB); time per transaction p50 %.2f / p99 %.2f / max %.2f ms%n",
                    scenario, bytes.length, bytes[bytes.length / 2], bytes[(int) (bytes.length * 0.99)],
                    bytes[bytes.length - 1], total / 1e6, micros[micros.length / 2] / 1e3,
                    micros[(int) (micros.length * 0.99)] / 1e3, micros[micros.length - 1] / 1e3);
        }

        @Override
        public <T> T transact(Function<Transaction, T> work) {
            long[] written = new long[1];
            long start = System.nanoTime();
            T result = store.transact(tx -> {
                written[0] = 0;
                return work.apply(new CountingTransaction(tx, written));
            });
            transactions.add(new long[] {written[0], (System.nanoTime() - start) / 1000});
            return result;
        }

        @Override
        public <T> T read(Function<ReadTransaction, T> work) {
            return store.read(work);
        }

        @Override
        public StoreHealth health() {
            return store.health();
        }

        @Override
        public String backend() {
            return store.backend();
        }

        void close() {
            store.close();
        }
    }

    private record CountingTransaction(Transaction tx, long[] written) implements Transaction {
        @Override
        public void set(byte[] key, byte[] value) {
            written[0] += key.length + value.length;
            tx.set(key, value);
        }

        @Override
        public void clear(byte[] key) {
            written[0] += key.length;
            tx.clear(key);
        }

        @Override
        public void clearRange(byte[] begin, byte[] end) {
            written[0] += begin.length + end.length;
            tx.clearRange(begin, end);
        }

        @Override
        public java.util.Optional<byte[]> get(byte[] key) {
            return tx.get(key);
        }

        @Override
        public List<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
            return tx.getRange(begin, end, limit);
        }

        @Override
        public io.coditect.store.ReadTransaction snapshot() {
            return tx.snapshot();
        }

        @Override
        public void max(byte[] key, long value) {
            written[0] += key.length + Long.BYTES;
            tx.max(key, value);
        }

        @Override
        public void setVersionstampedKey(byte[] key, byte[] value) {
            written[0] += key.length + value.length;
            tx.setVersionstampedKey(key, value);
        }
    }

    /** A client that takes everything at once and notes the restored marker and the prompt after it. */
    private static final class Sink implements ClientChannel {
        final CountDownLatch marker = new CountDownLatch(1);
        final CountDownLatch prompt = new CountDownLatch(1);
        private final StringBuilder text = new StringBuilder();

        @Override
        public void sendOutput(ByteBuffer bytes, Consumer<Throwable> done) {
            synchronized (this) {
                text.append(StandardCharsets.UTF_8.decode(bytes));
                int at = text.indexOf("[session restored]");
                if (at >= 0) {
                    marker.countDown();
                    String after = text.substring(at);
                    if (after.contains("# ") || after.contains("$ ")) {
                        prompt.countDown();
                    }
                }
                if (text.length() > 4096) {
                    text.delete(0, text.length() - 4096);
                }
            }
            done.accept(null);
        }

        @Override
        public void sendEvent(String json, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void sendPing(Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
