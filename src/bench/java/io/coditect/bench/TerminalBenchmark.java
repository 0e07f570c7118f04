package io.coditect.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Load client for a running server on loopback (see docs/benchmarks.md): output throughput beside
 * a bare {@code read(2)} loop, open-loop keystroke echo latency at several terminal counts,
 * create-and-attach-to-prompt time by phase, and memory and threads per idle terminal. Every figure
 * is the median of {@code bench.runs} runs (5) with the machine's CPU pressure printed around it.
 * Every loop is bounded in count and time. Not a test: it measures, it does not judge.
 *
 * <pre>java ... io.coditect.bench.TerminalBenchmark http://localhost:9290 [server-pid [parts]]</pre>
 *
 * <p>{@code parts}: a comma-separated subset of {@code baseline,throughput,attach,echo,memory} (all by
 * default), or {@code recording} (session recording's cost on throughput; only when named).
 * System properties: {@code bench.runs} (5), {@code bench.echo} (terminal counts,
 * {@code 1,10,50,200,500,1000}), {@code bench.echo.seconds} (measured seconds per run, 5),
 * {@code bench.memory} (idle terminal counts, {@code 200,1000}), {@code bench.jfr} (a directory:
 * JFR recordings of the server during the throughput, attach and largest echo runs).
 */
public final class TerminalBenchmark {
    private static final long KEY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final double ECHO_TARGET_MS = 2.0;

    private final int runs = Integer.getInteger("bench.runs", 5);
    private final ServerProcess server;
    private final WebSocketLoad load;
    private final BenchClient api;
    private final ServerPhases serverPhases;
    private final Path jfr;

    private TerminalBenchmark(URI base, long serverPid) throws Exception {
        this.server = serverPid > 0 ? new ServerProcess(serverPid) : null;
        this.load = new WebSocketLoad();
        this.api = new BenchClient(base, load);
        this.serverPhases = new ServerPhases(base);
        String dir = System.getProperty("bench.jfr");
        this.jfr = dir == null || serverPid <= 0 ? null : Files.createDirectories(Path.of(dir));
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:9290");
        long serverPid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        List<String> parts = List.of((args.length > 2 ? args[2] : "baseline,throughput,attach,echo,memory").split(","));
        TerminalBenchmark bench = new TerminalBenchmark(base, serverPid);
        System.out.printf(Locale.ROOT, "RESULT setup: %d runs per figure, client JDK %s, %d CPUs%n", bench.runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        int status = 0;
        try {
            if (parts.contains("baseline")) {
                PtyBaseline.run(bench.runs);
            }
            if (parts.contains("throughput")) {
                bench.throughput();
            }
            if (parts.contains("recording")) {
                bench.recordingCost();
            }
            if (parts.contains("attach")) {
                bench.attachToPrompt();
            }
            if (parts.contains("echo")) {
                bench.echo(counts("bench.echo", "1,10,50,200,500,1000"));
            }
            if (parts.contains("memory") && serverPid > 0) {
                bench.idleMemory(counts("bench.memory", "200,1000"));
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            try {
                bench.api.close();
                bench.load.close();
            } catch (Exception e) {
                // The figures printed stand; only the clean-up failed.
                e.printStackTrace();
                status = 1;
            }
        }
        // Exits even with client threads still open.
        System.exit(status);
    }

    private static List<Integer> counts(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    // ---- output throughput ----------------------------------------------------------------------

    /**
     * Session recording's cost on output throughput: the {@link #throughput} burst, {@code cat} in
     * a terminal of a workspace without recording and in one of a workspace with it, alternately
     * (so both see the same machine), two warm-up runs each, then {@code bench.runs} each.
     */
    private void recordingCost() throws Exception {
        String plainWorkspace = api.workspace();
        String recordedWorkspace = api.workspace();
        api.record(recordedWorkspace);
        BenchClient.Terminal plain = api.terminal(plainWorkspace);
        BenchClient.Terminal recorded = api.terminal(recordedWorkspace);
        LoadConnection plainClient = api.attach(plain);
        LoadConnection recordedClient = api.attach(recorded);
        BenchClient.awaitPrompt(plainClient);
        BenchClient.awaitPrompt(recordedClient);
        // The burst is made once in each workspace while nothing is measured.
        for (LoadConnection client : List.of(plainClient, recordedClient)) {
            BenchClient.runAndWait(client, "head -c 50000000 /dev/urandom | base64 > burst.b64; echo made-$((1+1))", "made-2");
        }
        List<Double> plainRates = new ArrayList<>();
        List<Double> recordedRates = new ArrayList<>();
        List<Double> plainCosts = new ArrayList<>();
        List<Double> recordedCosts = new ArrayList<>();
        Stats.Machine machine = Stats.Machine.now();
        for (int run = -2; run < runs; run++) {
            if (run == 0 && jfr != null) {
                server.startRecording("recording");
            }
            for (boolean recording : new boolean[] {false, true}) {
                LoadConnection client = recording ? recordedClient : plainClient;
                long before = client.received();
                CpuTime cpu = CpuTime.now(server == null ? -1 : server.pid());
                long start = System.nanoTime();
                BenchClient.runAndWait(client, "cat burst.b64; echo end-$((" + run + "+500))", "end-" + (run + 500));
                double seconds = (System.nanoTime() - start) / 1e9;
                CpuTime used = CpuTime.now(server == null ? -1 : server.pid()).minus(cpu);
                long bytes = client.received() - before;
                if (run >= 0) {
                    (recording ? recordedRates : plainRates).add(bytes / seconds / 1e6);
                    (recording ? recordedCosts : plainCosts).add(used.serverMillis() / (bytes / 1e6));
                }
                System.out.printf(Locale.ROOT, "recording-cost run %d%s, %s: %d bytes in %.2f s = %.1f MB/s; CPU %s%n",
                        run, run < 0 ? " (warm-up)" : "", recording ? "recorded" : "not recorded", bytes, seconds,
                        bytes / seconds / 1e6, used.per(bytes / 1e6, 1, "ms/MB"));
            }
        }
        if (jfr != null) {
            server.stopRecording("recording", jfr.resolve("recording.jfr"));
        }
        double plainMedian = Stats.median(plainRates);
        double recordedMedian = Stats.median(recordedRates);
        System.out.printf(Locale.ROOT, "RESULT recording: not recorded median %.1f MB/s %s (server CPU %.1f ms/MB %s),"
                        + " recorded median %.1f MB/s %s (server CPU %.1f ms/MB %s): recording costs %.1f %% of the"
                        + " throughput; %s%n", plainMedian, Stats.list(plainRates, "%.1f"), Stats.median(plainCosts),
                Stats.list(plainCosts, "%.1f"), recordedMedian, Stats.list(recordedRates, "%.1f"),
                Stats.median(recordedCosts), Stats.list(recordedCosts, "%.1f"),
                100 * (plainMedian - recordedMedian) / plainMedian, Stats.Machine.now().since(machine));
        plainClient.close();
        recordedClient.close();
        api.delete(plain);
        api.delete(recorded);
    }

    private void throughput() throws Exception {
        BenchClient.Terminal terminal = api.terminal(api.workspace());
        LoadConnection client = api.attach(terminal);
        BenchClient.awaitPrompt(client);
        // Generated once, in the workspace, so each run measures streaming rather than base64.
        BenchClient.runAndWait(client, "head -c 50000000 /dev/urandom | base64 > burst.b64; echo made-$((1+1))", "made-2");
        List<Double> rates = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        List<Double> frameSizes = new ArrayList<>();
        List<Double> frameCounts = new ArrayList<>();
        Stats.Machine machine = Stats.Machine.now();
        // Two warm-up runs (the server's JIT compiles the output path), then the measured ones.
        for (int run = -2; run < runs; run++) {
            if (run == 0 && jfr != null) {
                server.startRecording("throughput");
            }
            long before = client.received();
            long framesBefore = client.frames();
            CpuTime cpu = CpuTime.now(server == null ? -1 : server.pid());
            long start = System.nanoTime();
            BenchClient.runAndWait(client, "cat burst.b64; echo end-$((" + run + "+500))", "end-" + (run + 500));
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuTime used = CpuTime.now(server == null ? -1 : server.pid()).minus(cpu);
            long bytes = client.received() - before;
            long frames = client.frames() - framesBefore;
            if (run >= 0) {
                rates.add(bytes / seconds / 1e6);
                costs.add(used.serverMillis() / (bytes / 1e6));
                frameCounts.add((double) frames);
                frameSizes.add(bytes / (double) frames);
            }
            System.out.printf(Locale.ROOT, "throughput run %d%s: %d bytes in %.2f s = %.1f MB/s, %d frames of %.0f bytes on"
                            + " average; CPU %s%n", run, run < 0 ? " (warm-up)" : "", bytes, seconds, bytes / seconds / 1e6,
                    frames, bytes / (double) frames, used.per(bytes / 1e6, 1, "ms/MB"));
        }
        if (jfr != null) {
            server.stopRecording("throughput", jfr.resolve("throughput.jfr"));
        }
        System.out.printf(Locale.ROOT, "RESULT throughput: median %.1f MB/s %s, frames median %.0f of mean %.0f bytes,"
                        + " server CPU median %.1f ms per MB %s; %s%n", Stats.median(rates), Stats.list(rates, "%.1f"),
                Stats.median(frameCounts), Stats.median(frameSizes), Stats.median(costs), Stats.list(costs, "%.1f"),
                Stats.Machine.now().since(machine));
        client.close();
        api.delete(terminal);
    }

    // ---- create and attach to the prompt, by phase --------------------------------------------

    private void attachToPrompt() throws Exception {
        String workspace = api.workspace();
        String[] phases = {"REST create", "ticket", "upgrade (101)", "first output byte", "prompt", "total"};
        List<List<Double>> times = new ArrayList<>();
        for (String ignored : phases) {
            times.add(new ArrayList<>());
        }
        List<Double> reattach = new ArrayList<>();
        String[] serverSteps = {"create", "spawn", "first-output", "attach"};
        List<List<Double>> serverTimes = new ArrayList<>();
        for (String ignored : serverSteps) {
            serverTimes.add(new ArrayList<>());
        }
        Stats.Machine machine = Stats.Machine.now();
        // Two warm-up rounds, then the measured ones; each terminal is deleted before the next.
        for (int run = -2; run < runs; run++) {
            if (run == 0 && jfr != null) {
                server.startRecording("attach");
            }
            ServerPhases.Reading before = serverPhases.read();
            long start = System.nanoTime();
            BenchClient.Terminal terminal = api.terminal(workspace);
            long created = System.nanoTime();
            String ticket = api.ticket(terminal);
            long ticketed = System.nanoTime();
            LoadConnection client = api.attachWithTicket(terminal, ticket);
            BenchClient.awaitPrompt(client);
            long prompt = System.nanoTime();
            long[] marks = {start, created, ticketed, client.upgradedAt(), client.firstOutputAt(), prompt};
            client.close();
            ServerPhases.Reading after = serverPhases.read();

            long again = System.nanoTime();
            LoadConnection back = api.attach(terminal);
            BenchClient.awaitPrompt(back);
            double reattached = (System.nanoTime() - again) / 1e6;
            back.close();
            api.delete(terminal);
            if (run >= 0) {
                for (int step = 0; step < serverSteps.length; step++) {
                    serverTimes.get(step).add(after.meanMillisSince(before, serverSteps[step]));
                }
                for (int phase = 0; phase < phases.length - 1; phase++) {
                    times.get(phase).add((marks[phase + 1] - marks[phase]) / 1e6);
                }
                times.get(phases.length - 1).add((prompt - start) / 1e6);
                reattach.add(reattached);
            }
        }
        if (jfr != null) {
            server.stopRecording("attach", jfr.resolve("attach.jfr"));
        }
        Stats.Machine baselineStart = Stats.Machine.now();
        String baseline = SpawnBaseline.run(runs, new ServerProcess(ProcessHandle.current().pid()));
        System.out.printf(Locale.ROOT, "RESULT attach baseline without server (the same pty4j calls in the client JVM, %s): %s;"
                        + " %s%n", server == null ? "the server's process not known" : "the server's process " + server.mapped(),
                baseline, Stats.Machine.now().since(baselineStart));
        StringBuilder line = new StringBuilder("RESULT attach, new terminal to its prompt (client-side phases, medians):");
        for (int phase = 0; phase < phases.length; phase++) {
            line.append(String.format(Locale.ROOT, " %s %.1f ms %s;", phases[phase], Stats.median(times.get(phase)),
                    Stats.list(times.get(phase), "%.1f")));
        }
        System.out.println(line + String.format(Locale.ROOT, " re-attach to a running terminal %.1f ms; %s",
                Stats.median(reattach), Stats.Machine.now().since(machine)));
        StringBuilder server = new StringBuilder("RESULT attach, the server's own phases (coditect.terminals.phase-time, medians):");
        for (int step = 0; step < serverSteps.length; step++) {
            server.append(String.format(Locale.ROOT, " %s %.2f ms %s;", serverSteps[step], Stats.median(serverTimes.get(step)),
                    Stats.list(serverTimes.get(step), "%.2f")));
        }
        System.out.println(server);
    }

    // ---- keystroke echo latency, open loop ------------------------------------------------------

    private void echo(List<Integer> counts) throws Exception {
        int largestWithinTarget = 0;
        for (int count : counts) {
            double p99 = echoAt(count, count == counts.get(counts.size() - 1));
            if (p99 <= ECHO_TARGET_MS) {
                largestWithinTarget = Math.max(largestWithinTarget, count);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT echo: the largest count measured whose median p99 is <= %.0f ms: %s (of %s)%n",
                ECHO_TARGET_MS, largestWithinTarget == 0 ? "none" : Integer.toString(largestWithinTarget), counts);
    }

    /** Median p99 in ms at {@code count} terminals. */
    private double echoAt(int count, boolean record) throws Exception {
        List<BenchClient.Terminal> terminals = api.terminals(count);
        List<LoadConnection> clients = api.attachAll(terminals);
        // From here the PTY's line discipline echoes each key (bash waits for cat), so every key has
        // an echo of known length and overlapping keys can be told apart.
        for (LoadConnection client : clients) {
            BenchClient.runAndWait(client, "echo rea\"\"dy; cat > /dev/null", "ready");
        }
        int[] echoBytes = calibrate(clients.get(0));
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        List<Double> cpuPerKey = new ArrayList<>();
        long unanswered = 0;
        long keys = 0;
        Stats.Machine machine = Stats.Machine.now();
        if (record && jfr != null) {
            server.startRecording("echo");
        }
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            long measureFrom = start + WARMUP_NANOS;
            long measured = TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.echo.seconds", 5));
            load.type(clients, KEY_INTERVAL_NANOS, measureFrom, measureFrom + measured, echoBytes);
            TimeUnit.NANOSECONDS.sleep(measureFrom - System.nanoTime());
            CpuTime cpu = CpuTime.now(server == null ? -1 : server.pid());
            TimeUnit.NANOSECONDS.sleep(measureFrom + measured - System.nanoTime());
            CpuTime used = CpuTime.now(server == null ? -1 : server.pid()).minus(cpu);
            // Late echoes still count (from their scheduled time); a key unanswered 5 s after the end never does.
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (clients.stream().anyMatch(client -> client.outstanding() > 0) && System.nanoTime() < drainUntil) {
                Thread.sleep(20);
            }
            List<Long> samples = new ArrayList<>();
            long typed = 0;
            for (LoadConnection client : clients) {
                samples.addAll(client.latencies());
                typed += client.measuredKeys();
            }
            long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            p50.add(Stats.percentile(sorted, typed, 50));
            p99.add(Stats.percentile(sorted, typed, 99));
            p999.add(Stats.percentile(sorted, typed, 99.9));
            cpuPerKey.add(used.serverMillis() * 1000.0 / Math.max(1, typed));
            unanswered += typed - sorted.length;
            keys += typed;
            System.out.printf(Locale.ROOT, "echo %d terminals run %d: %d keys, p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f ms,"
                            + " unanswered %d; CPU %s%n", count, run, typed, p50.get(run), p99.get(run), p999.get(run),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, typed - sorted.length,
                    used.per(Math.max(1, typed), 1000, "us/key"));
        }
        if (record && jfr != null) {
            server.stopRecording("echo", jfr.resolve("echo-" + count + ".jfr"));
        }
        System.out.printf(Locale.ROOT, "RESULT echo %d terminals x 20 keys/s (open loop, from the scheduled time): median"
                        + " p50 %.2f ms, p99 %.2f ms %s, p99.9 %.2f ms; %d keys, %d never answered; server CPU %.0f us per key;"
                        + " %s%n", count, Stats.median(p50), Stats.median(p99), Stats.list(p99, "%.2f"), Stats.median(p999),
                keys, unanswered, Stats.median(cpuPerKey), Stats.Machine.now().since(machine));
        for (LoadConnection client : clients) {
            client.close();
        }
        api.deleteAll(terminals);
        return Stats.median(p99);
    }

    /** The echo's length of each key in {@link LoadConnection#KEYS}: typed once, counted when quiet. */
    private static int[] calibrate(LoadConnection client) throws Exception {
        int[] lengths = new int[LoadConnection.KEYS.length];
        for (int key = 0; key < lengths.length; key++) {
            long before = client.received();
            client.send(new byte[] {LoadConnection.KEYS[key]});
            Thread.sleep(300);
            lengths[key] = (int) (client.received() - before);
            if (lengths[key] == 0) {
                throw new IllegalStateException("key " + key + " was not echoed");
            }
        }
        System.out.println("echo lengths of the keys: " + Arrays.toString(lengths));
        return lengths;
    }

    // ---- memory per idle terminal ---------------------------------------------------------------

    private void idleMemory(List<Integer> counts) throws Exception {
        // Deleted terminals are gone a few seconds after their delete (their kill follows in 3 s).
        Thread.sleep(6000);
        Stats.Machine machine = Stats.Machine.now();
        ServerProcess.Reading empty = medianReading();
        System.out.printf(Locale.ROOT, "RESULT memory, 0 terminals (after a full GC, median of %d): heap %.1f MiB, RSS %.1f MiB,"
                + " %d threads%n", runs, empty.heapUsed() / 1048576.0, empty.rss() / 1048576.0, empty.threads());
        List<BenchClient.Terminal> terminals = new ArrayList<>();
        List<LoadConnection> attached = new ArrayList<>();
        for (int count : counts) {
            List<BenchClient.Terminal> more = api.terminals(count - terminals.size());
            List<LoadConnection> clients = api.attachAll(more);
            // Idle terminals, half of them with a client attached, half detached.
            for (int i = 0; i < clients.size(); i++) {
                if ((terminals.size() + i) % 2 == 0) {
                    clients.get(i).close();
                } else {
                    attached.add(clients.get(i));
                }
            }
            terminals.addAll(more);
            Thread.sleep(3000);
            ServerProcess.Reading reading = medianReading();
            System.out.printf(Locale.ROOT, "RESULT memory, %d idle terminals (half attached; after a full GC, median of %d):"
                            + " heap %.1f MiB, RSS %.1f MiB, %d threads; per terminal, ring included: heap +%.1f KiB, RSS +%.1f KiB,"
                            + " threads +%.2f; %s%n", count, runs, reading.heapUsed() / 1048576.0, reading.rss() / 1048576.0,
                    reading.threads(), (reading.heapUsed() - empty.heapUsed()) / 1024.0 / count,
                    (reading.rss() - empty.rss()) / 1024.0 / count, (reading.threads() - empty.threads()) / (double) count,
                    Stats.Machine.now().since(machine));
        }
        for (LoadConnection client : attached) {
            client.close();
        }
        api.deleteAll(terminals);
    }

    private ServerProcess.Reading medianReading() throws Exception {
        List<Double> heap = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> threads = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ServerProcess.Reading reading = server.afterFullGc();
            heap.add((double) reading.heapUsed());
            rss.add((double) reading.rss());
            threads.add((double) reading.threads());
        }
        return new ServerProcess.Reading((long) Stats.median(heap), (long) Stats.median(rss), (long) Stats.median(threads));
    }
}
