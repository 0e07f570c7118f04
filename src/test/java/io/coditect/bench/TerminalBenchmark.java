package io.coditect.bench;

import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client for a running server on loopback (see docs/benchmarks.md): output throughput,
 * keystroke echo latency at several concurrencies, attach-to-prompt time, and server memory per
 * idle terminal. Every loop is bounded in count and time. Not a test: it measures, it does not judge.
 *
 * <pre>java ... io.coditect.bench.TerminalBenchmark http://localhost:9290 [server-pid [parts]]</pre>
 *
 * <p>{@code parts}: a comma-separated subset of {@code baseline,throughput,attach,echo,memory} (all by
 * default; {@code echoN}, e.g. {@code echo20}, runs the echo measure at N terminals;
 * {@code memory} needs the server's process id).
 */
public final class TerminalBenchmark {
    // Fits the test server's coditect.terminal.max-per-workspace (12) as well as the default (20).
    private static final int PER_WORKSPACE = 10;
    private static final Duration LATENCY_RUN = Duration.ofSeconds(10);
    private static final Duration LATENCY_WARMUP = Duration.ofSeconds(2);
    private static final long KEY_INTERVAL_MILLIS = 50;

    private final URI base;
    private final long serverPid;
    private final WebSocketLoad load;
    // One user per workspace: the per-user workspace quotas (3 running) would stop 200 terminals.
    private final Map<String, String> tokens = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> workspaces = new ArrayList<>();
    private int inCurrentWorkspace = PER_WORKSPACE;

    private TerminalBenchmark(URI base, long serverPid) throws IOException {
        this.base = base;
        this.serverPid = serverPid;
        this.load = new WebSocketLoad();
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:9290");
        long serverPid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        List<String> parts = List.of((args.length > 2 ? args[2] : "baseline,throughput,attach,echo,memory").split(","));
        TerminalBenchmark bench = new TerminalBenchmark(base, serverPid);
        try {
            if (parts.contains("baseline")) {
                PtyBaseline.run();
            }
            if (parts.contains("throughput")) {
                bench.throughput();
            }
            if (parts.contains("attach")) {
                bench.attachToPrompt();
            }
            for (int terminals : echoConcurrencies(parts)) {
                bench.echoLatency(terminals);
            }
            if (parts.contains("memory") && serverPid > 0) {
                bench.idleMemory(serverPid, 200);
            }
        } finally {
            bench.cleanUp();
            bench.load.close();
        }
        System.exit(0);
    }

    /** {@code echo}: 1, 50 and 200 terminals; {@code echoN}: N terminals (for finding a capacity). */
    private static List<Integer> echoConcurrencies(List<String> parts) {
        List<Integer> counts = new ArrayList<>();
        if (parts.contains("echo")) {
            counts.addAll(List.of(1, 50, 200));
        }
        for (String part : parts) {
            if (part.matches("echo[0-9]+")) {
                counts.add(Integer.parseInt(part.substring("echo".length())));
            }
        }
        return counts;
    }

    // ---- output throughput ----------------------------------------------------------------------

    private void throughput() throws Exception {
        String terminal = terminal();
        WebSocketLoad.Connection client = attach(terminal, "");
        awaitPrompt(client);
        // Generate the burst once, in the workspace, so each run measures streaming rather than base64.
        runAndWait(client, "head -c 50000000 /dev/urandom | base64 > burst.b64; echo made-$((1+1))", "made-2");
        List<Double> rates = new ArrayList<>();
        List<String> costs = new ArrayList<>();
        // Two warm-up runs (the server's JIT compiles the output path), then three measured ones.
        for (int run = 0; run < 5; run++) {
            long before = client.received();
            CpuTime cpu = CpuTime.now(serverPid);
            long start = System.nanoTime();
            runAndWait(client, "cat burst.b64; echo end-$((" + run + "+500))", "end-" + (run + 500));
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuTime used = CpuTime.now(serverPid).minus(cpu);
            long bytes = client.received() - before;
            if (run >= 2) {
                rates.add(bytes / seconds / 1e6);
                costs.add(used.per(bytes / 1e6, 1, "ms/MB"));
            }
            System.out.printf(Locale.ROOT, "throughput run %d%s: %d bytes in %.2f s = %.1f MB/s; CPU %s%n", run,
                    run < 2 ? " (warm-up)" : "", bytes, seconds, bytes / seconds / 1e6, used.per(bytes / 1e6, 1, "ms/MB"));
        }
        long start = System.nanoTime();
        long before = client.received();
        runAndWait(client, "head -c 50000000 /dev/urandom | base64; echo gen-$((2+2))", "gen-4");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "throughput incl. generation (head | base64 live): %.1f MB/s%n",
                (client.received() - before) / seconds / 1e6);
        System.out.printf(Locale.ROOT, "RESULT throughput median %.1f MB/s (runs %s)%n", median(rates), rates.stream()
                .map(rate -> String.format(Locale.ROOT, "%.1f", rate)).toList());
        client.close();
    }

    // ---- attach to prompt -----------------------------------------------------------------------

    private void attachToPrompt() throws Exception {
        List<Double> fresh = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            String terminal = terminal();
            WebSocketLoad.Connection client = attach(terminal, "");
            awaitPrompt(client);
            fresh.add((System.nanoTime() - start) / 1e6);
            client.close();

            start = System.nanoTime();
            WebSocketLoad.Connection back = attach(terminal, "");
            awaitPrompt(back);
            again.add((System.nanoTime() - start) / 1e6);
            back.close();
            delete(terminal);
        }
        System.out.printf(Locale.ROOT, "RESULT attach-to-prompt: new terminal median %.1f ms, re-attach median %.1f ms%n",
                median(fresh), median(again));
    }

    // ---- keystroke echo latency -----------------------------------------------------------------

    private void echoLatency(int count) throws Exception {
        List<WebSocketLoad.Connection> clients = new ArrayList<>();
        List<String> terminals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String terminal = terminal();
            terminals.add(terminal);
            clients.add(attach(terminal, ""));
        }
        for (WebSocketLoad.Connection client : clients) {
            awaitPrompt(client);
        }
        System.out.printf(Locale.ROOT, "echo: %d terminals typing%n", count);
        long start = System.nanoTime();
        long measureFrom = start + LATENCY_WARMUP.toNanos();
        long stop = measureFrom + LATENCY_RUN.toNanos();
        load.type(clients, TimeUnit.MILLISECONDS.toNanos(KEY_INTERVAL_MILLIS), start, stop);
        Thread.sleep(LATENCY_WARMUP.toMillis());
        CpuTime cpu = CpuTime.now(serverPid);
        Thread.sleep(LATENCY_RUN.toMillis());
        CpuTime used = CpuTime.now(serverPid).minus(cpu);
        Thread.sleep(200);

        List<Long> samples = new ArrayList<>();
        long missed = 0;
        for (WebSocketLoad.Connection client : clients) {
            samples.addAll(client.latencies());
            missed += client.skipped();
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "RESULT echo latency, %d terminals x 20 keys/s: n=%d p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms"
                        + " (keys skipped while an echo was outstanding: %d)%n",
                count, sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, missed);
        // The keys typed while the CPU was counted: 20 per terminal and second, less those skipped.
        double keys = count * (LATENCY_RUN.toMillis() / (double) KEY_INTERVAL_MILLIS) - missed;
        System.out.printf(Locale.ROOT, "RESULT echo CPU per key, %d terminals: %s%n", count, used.per(keys, 1000, "us"));
        for (WebSocketLoad.Connection client : clients) {
            client.close();
        }
        for (String terminal : terminals) {
            delete(terminal);
        }
    }

    // ---- memory per idle terminal ---------------------------------------------------------------

    private void idleMemory(long serverPid, int count) throws Exception {
        // Deleted terminals are gone a few seconds after their delete (their kill follows in 3 s).
        Thread.sleep(6000);
        Heap before = Heap.of(serverPid);
        long rssBefore = rss(serverPid);
        long threadsBefore = threads(serverPid);
        List<String> terminals = new ArrayList<>();
        List<WebSocketLoad.Connection> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String terminal = terminal();
            terminals.add(terminal);
            WebSocketLoad.Connection client = attach(terminal, "");
            awaitPrompt(client);
            clients.add(client);
        }
        // Idle terminals, half of them with a client attached (detached ones cost the same minus the client).
        for (int i = 0; i < count; i += 2) {
            clients.get(i).close();
        }
        Thread.sleep(3000);
        Heap after = Heap.of(serverPid);
        long rssAfter = rss(serverPid);
        long threadsAfter = threads(serverPid);
        double heapPer = (after.used() - before.used()) / (double) count;
        String outside;
        double beyondRing;
        if (before.nativeCommitted() >= 0 && after.nativeCommitted() >= 0) {
            // Native memory tracking: everything the JVM committed outside the Java heap (thread stacks among it).
            double nativePer = ((after.nativeCommitted() - before.nativeCommitted())
                    - (after.committed() - before.committed())) / (double) count;
            outside = String.format(Locale.ROOT, "outside the heap (native memory tracking) +%.1f KiB per terminal"
                    + " (thread stacks +%.1f KiB)", nativePer / 1024,
                    (after.threadCommitted() - before.threadCommitted()) / (double) count / 1024);
            beyondRing = heapPer - 256 * 1024 + nativePer;
        } else {
            outside = String.format(Locale.ROOT, "RSS %+.1f KiB per terminal (start the server with"
                    + " -XX:NativeMemoryTracking=summary for the memory outside the heap)", (rssAfter - rssBefore) / (double) count / 1024);
            beyondRing = heapPer - 256 * 1024;
        }
        System.out.printf(Locale.ROOT, "RESULT idle memory: %d terminals: heap after full GC +%.1f KiB per terminal"
                        + " (of which the ring 256 KiB), %s, threads +%d; beyond the ring: %.1f KiB per terminal%n",
                count, heapPer / 1024, outside, threadsAfter - threadsBefore, beyondRing / 1024);
        for (int i = 1; i < count; i += 2) {
            clients.get(i).close();
        }
        for (String terminal : terminals) {
            delete(terminal);
        }
    }

    /**
     * The server's heap after a full GC, and its native memory when it tracks it, through the JDK's
     * jcmd (same machine, same user). {@code -1} where native memory tracking is off.
     */
    private record Heap(long used, long committed, long nativeCommitted, long threadCommitted) {
        static Heap of(long pid) throws Exception {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, Long.toString(pid), "GC.run");
            String info = run(jcmd, Long.toString(pid), "GC.heap_info");
            Matcher heap = Pattern.compile("total (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K").matcher(info);
            if (!heap.find()) {
                throw new IllegalStateException("unexpected GC.heap_info: " + info);
            }
            String nmt = run(jcmd, Long.toString(pid), "VM.native_memory", "summary");
            Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(nmt);
            Matcher thread = Pattern.compile("- +Thread \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(nmt);
            boolean tracked = total.find() && thread.find();
            return new Heap(Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024,
                    tracked ? Long.parseLong(total.group(1)) * 1024 : -1,
                    tracked ? Long.parseLong(thread.group(1)) * 1024 : -1);
        }

        private static String run(String... command) throws Exception {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        }
    }

    private static long rss(long pid) throws IOException {
        return statusField(pid, "VmRSS") * 1024;
    }

    private static long threads(long pid) throws IOException {
        return statusField(pid, "Threads");
    }

    private static long statusField(long pid, String field) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!matcher.find()) {
            throw new IOException(field + " not in /proc/" + pid + "/status");
        }
        return Long.parseLong(matcher.group(1));
    }

    // ---- REST -----------------------------------------------------------------------------------

    private String terminal() throws Exception {
        if (inCurrentWorkspace == PER_WORKSPACE) {
            String token = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bench"));
            String workspace = id(send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")), token));
            tokens.put(workspace, token);
            workspaces.add(workspace);
            inCurrentWorkspace = 0;
        }
        inCurrentWorkspace++;
        return workspace() + "/" + id(post("/api/v1/workspaces/" + workspace() + "/terminals", "{\"shell\":\"/bin/bash\"}"));
    }

    private String workspace() {
        return workspaces.get(workspaces.size() - 1);
    }

    private void delete(String workspaceAndTerminal) throws Exception {
        String[] parts = workspaceAndTerminal.split("/");
        send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + parts[0] + "/terminals/" + parts[1])).DELETE(),
                tokens.get(parts[0]));
        if (workspaceAndTerminal.startsWith(workspace())) {
            inCurrentWorkspace--;
        }
    }

    private void cleanUp() throws Exception {
        for (String workspace : workspaces) {
            send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + workspace)).DELETE(), tokens.get(workspace));
        }
    }

    private String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), tokens.get(workspace()));
    }

    private String send(HttpRequest.Builder request, String token) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readObject().getString("id");
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private WebSocketLoad.Connection attach(String workspaceAndTerminal, String query) throws IOException {
        String[] parts = workspaceAndTerminal.split("/");
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/workspaces/" + parts[0]
                + "/terminals/" + parts[1] + "/attach" + query);
        return load.open(uri, tokens.get(parts[0]));
    }

    private static void awaitPrompt(WebSocketLoad.Connection client) throws InterruptedException {
        client.await(tail -> tail.endsWith("# ") || tail.endsWith("$ "), TimeUnit.SECONDS.toNanos(30));
    }

    private static void runAndWait(WebSocketLoad.Connection client, String command, String marker) throws Exception {
        client.forget();
        client.send((command + "\r").getBytes(StandardCharsets.UTF_8));
        client.await(tail -> tail.contains(marker + "\r\n"), TimeUnit.MINUTES.toNanos(3));
    }
}
