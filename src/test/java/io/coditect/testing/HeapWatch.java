package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live heap of one or more local servers, read once at the start and then continually until
 * closed: its value before and its peak, per server. Each reading is the total of the server's
 * class histogram ({@code jcmd <pid> GC.class_histogram}), which the JVM takes after a full
 * collection, at one safepoint: it counts what the server holds and nothing it allocated after the
 * collection (a collection followed by a separate read of the used heap also counted the garbage a
 * busy stream made in between: up to 31 MiB on a loaded machine). A server that buffered a file
 * would show it; one that streams shows its buffers only.
 */
public final class HeapWatch implements AutoCloseable {
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    /** A server to watch: its API and the process it runs in. */
    public record Server(long pid) {
        /**
         * The running server of the build whose {@code logs} directory is {@code logs}: the Java
         * process with that server's name among its arguments (Arquillian runs it with {@code server
         * run}, which writes no pid file).
         */
        public static Server ofLogs(Path logs) {
            String name = logs.getParent().getFileName().toString();
            return ProcessHandle.allProcesses()
                    .filter(process -> process.info().command().filter(command -> command.endsWith("java")).isPresent())
                    .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(name))
                    .findFirst()
                    .map(process -> new Server(process.pid()))
                    .orElseThrow(() -> new AssertionError("no running Java process of server " + name));
        }

        public static Server of(LibertyServer server) {
            return new Server(server.process().orElseThrow().pid());
        }
    }

    private final List<Server> servers;
    private final long[] before;
    private final AtomicLongArray peaks;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> sampler;

    private HeapWatch(List<Server> servers) {
        this.servers = servers;
        this.before = servers.stream().mapToLong(HeapWatch::liveHeap).toArray();
        this.peaks = new AtomicLongArray(before);
        // A thread of its own, never the common pool: the sampler blocks there until closed, and on a
        // 2-core machine the common pool has a single worker, which the JDK's HttpClient needs to
        // complete every sendAsync (the WebSocket upgrade included): an attach inside a watch hung.
        this.sampler = CompletableFuture.runAsync(this::sample, task -> Thread.ofPlatform().daemon().name("heap-watch").start(task));
    }

    public static HeapWatch of(Server... servers) {
        return new HeapWatch(List.of(servers));
    }

    private void sample() {
        while (running.get()) {
            for (int i = 0; i < servers.size(); i++) {
                peaks.accumulateAndGet(i, liveHeap(servers.get(i)), Math::max);
            }
        }
    }

    private static long liveHeap(Server server) {
        try {
            Process histogram = new ProcessBuilder(JCMD.toString(), String.valueOf(server.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String output = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!histogram.waitFor(1, TimeUnit.MINUTES) || histogram.exitValue() != 0) {
                throw new AssertionError("jcmd " + server.pid() + " GC.class_histogram did not succeed: " + output);
            }
            return totalBytes(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reading the histogram", e);
        }
    }

    /** The bytes of the histogram's last line, {@code Total <instances> <bytes>}. */
    static long totalBytes(String histogram) {
        String[] lines = histogram.strip().split("\\R");
        String[] total = lines[lines.length - 1].trim().split("\\s+");
        if (total.length != 3 || !total[0].equals("Total")) {
            throw new AssertionError("not a class histogram's last line: " + lines[lines.length - 1]);
        }
        return Long.parseLong(total[2]);
    }

    /** The {@code server}th server's live heap when the watch began. */
    public long before(int server) {
        return before[server];
    }

    /** The most the {@code server}th server's heap held live at any reading so far. */
    public long peak(int server) {
        return peaks.get(server);
    }

    /** Stops reading; the readings so far stay. */
    @Override
    public void close() {
        running.set(false);
        sampler.join();
    }
}
