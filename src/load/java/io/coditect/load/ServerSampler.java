package io.coditect.load;

import io.coditect.bench.ServerProcess;
import io.coditect.testing.Api;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The servers as the operators watched them, every {@code interval}: resident memory, threads, open
 * file descriptors and CPU of each process (from {@code /proc}), its store transactions (count, mean
 * and the reported p99 of {@code coditect_store_operation_seconds} from {@code /metrics}), and for
 * the servers marked {@code heap} the heap after a full GC (through {@code jcmd}, once a minute: it
 * costs a JVM start, so not for every agent). One row per server and sample in {@code servers.csv},
 * plus the machine's CPU pressure.
 */
final class ServerSampler implements AutoCloseable {
    private static final long TICK_MILLIS = 10;
    private static final Pattern TRANSACT = Pattern.compile(
            "(?m)^coditect_store_operation_seconds_(count|sum)\\{[^}]*operation=\"transact\"[^}]*outcome=\"ok\"[^}]*} ([0-9.eE+-]+)$");
    private static final Pattern TRANSACT_P99 = Pattern.compile(
            "(?m)^coditect_store_operation_seconds\\{[^}]*operation=\"transact\"[^}]*outcome=\"ok\"[^}]*quantile=\"0.99\"[^}]*} ([0-9.eE+-]+)$");

    /** One watched server: its name, role, process while it runs, and base URI. */
    record Watched(String name, String role, Supplier<Optional<ProcessHandle>> process, URI base, boolean heap) {
    }

    private final List<Watched> servers;
    private final Recorder recorder;
    private final Duration interval;
    private final PrintWriter csv;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, long[]> last = new HashMap<>();
    private final Map<String, Double> heapAfterGc = new HashMap<>();
    private final Map<String, Long> heapSampledAt = new HashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    ServerSampler(List<Watched> servers, Recorder recorder, Duration interval, Path directory) {
        this.servers = servers;
        this.recorder = recorder;
        this.interval = interval;
        try {
            this.csv = new PrintWriter(Files.newBufferedWriter(directory.resolve("servers.csv")), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        csv.println("seconds,server,role,pid,rss_mib,threads,fds,cpu_pct,heap_after_gc_mib,store_tx,store_tx_mean_ms,store_tx_p99_ms,cpu_pressure_avg10");
    }

    void start() {
        thread = Thread.ofPlatform().name("load-sampler").daemon().start(() -> {
            while (running) {
                long next = System.nanoTime() + interval.toNanos();
                sample();
                recorder.endWindow();
                try {
                    Thread.sleep(Math.max(1, (next - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void sample() {
        double pressure = cpuPressure();
        for (Watched server : servers) {
            Optional<ProcessHandle> process = server.process().get();
            if (process.isEmpty()) {
                csv.printf(Locale.ROOT, "%.0f,%s,%s,,,,,,,,,,%.2f%n", recorder.seconds(), server.name(), server.role(), pressure);
                continue;
            }
            long pid = process.get().pid();
            try {
                long[] cpuNow = {System.nanoTime(), cpuTicks(pid), pid};
                long[] before = last.put(server.name(), cpuNow);
                double cpu = before == null || before[2] != pid ? Double.NaN
                        : (cpuNow[1] - before[1]) * TICK_MILLIS * 1e6 / (cpuNow[0] - before[0]) * 100;
                String metrics = metrics(server.base());
                double[] store = store(server.name(), metrics);
                csv.printf(Locale.ROOT, "%.0f,%s,%s,%d,%.1f,%d,%d,%.1f,%s,%.0f,%.3f,%.3f,%.2f%n", recorder.seconds(), server.name(),
                        server.role(), pid, status(pid, "VmRSS") / 1024.0, status(pid, "Threads"), fds(pid), cpu,
                        heap(server, pid), store[0], store[1], store[2], pressure);
            } catch (IOException | RuntimeException e) {
                // The process ended between the look-up and the reads (a replica stopping): no row.
            }
        }
    }

    private String heap(Watched server, long pid) {
        if (!server.heap()) {
            return "";
        }
        Long at = heapSampledAt.get(server.name() + pid);
        if (at == null || System.nanoTime() - at > Duration.ofSeconds(60).toNanos()) {
            try {
                heapAfterGc.put(server.name(), new ServerProcess(pid).afterFullGc().heapUsed() / 1048576.0);
                heapSampledAt.put(server.name() + pid, System.nanoTime());
            } catch (Exception e) {
                return "";
            }
            return String.format(Locale.ROOT, "%.1f", heapAfterGc.get(server.name()));
        }
        return "";
    }

    /** Transactions so far, the mean (ms) of those since the last sample, and the server's p99 (ms). */
    private double[] store(String name, String metrics) {
        double count = Double.NaN;
        double sum = Double.NaN;
        Matcher matcher = TRANSACT.matcher(metrics);
        while (matcher.find()) {
            if (matcher.group(1).equals("count")) {
                count = Double.parseDouble(matcher.group(2));
            } else {
                sum = Double.parseDouble(matcher.group(2));
            }
        }
        Matcher p99 = TRANSACT_P99.matcher(metrics);
        double quantile = p99.find() ? Double.parseDouble(p99.group(1)) * 1000 : Double.NaN;
        long[] before = last.get(name + "/store");
        double mean = Double.NaN;
        if (before != null && count > Double.longBitsToDouble(before[0])) {
            mean = (sum - Double.longBitsToDouble(before[1])) / (count - Double.longBitsToDouble(before[0])) * 1000;
        }
        last.put(name + "/store", new long[] {Double.doubleToLongBits(count), Double.doubleToLongBits(sum)});
        return new double[] {count, mean, quantile};
    }

    private String metrics(URI base) {
        try {
            return http.send(HttpRequest.newBuilder(Api.managementUri(base).resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime, fields 14 and 15 of the line (11 and 12 after the name and state).
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long status(long pid, String field) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!matcher.find()) {
            throw new IOException(field + " not in /proc/" + pid + "/status");
        }
        return Long.parseLong(matcher.group(1));
    }

    private static long fds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private static double cpuPressure() {
        try {
            Matcher matcher = Pattern.compile("some avg10=([0-9.]+)").matcher(Files.readString(Path.of("/proc/pressure/cpu")));
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
        sample();
        recorder.endWindow();
        csv.close();
    }
}
