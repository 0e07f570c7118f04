package io.coditect.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
    private TerminalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:9290");
        long serverPid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        List<String> parts = List.of((args.length > 2 ? args[2] : "baseline,throughput,attach,echo,memory").split(","));
        BenchTarget target = target(base, serverPid);
        System.out.printf(Locale.ROOT, "RESULT setup: %d runs per figure, client JDK %s, %d CPUs%n", target.runs(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        int status = 0;
        try {
            if (parts.contains("baseline")) {
                PtyBaseline.run(target.runs());
            }
            if (parts.contains("throughput")) {
                new OutputBenchmark(target).throughput();
            }
            if (parts.contains("recording")) {
                new OutputBenchmark(target).recordingCost();
            }
            if (parts.contains("attach")) {
                new AttachBenchmark(target).attachToPrompt();
            }
            if (parts.contains("echo")) {
                new EchoBenchmark(target).echo(counts("bench.echo", "1,10,50,200,500,1000"));
            }
            if (parts.contains("memory") && serverPid > 0) {
                new IdleMemoryBenchmark(target).idleMemory(counts("bench.memory", "200,1000"));
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            try {
                target.api().close();
                target.load().close();
            } catch (Exception e) {
                // The figures printed stand; only the clean-up failed.
                e.printStackTrace();
                status = 1;
            }
        }
        // Exits even with client threads still open.
        System.exit(status);
    }

    private static BenchTarget target(URI base, long serverPid) throws Exception {
        WebSocketLoad load = new WebSocketLoad();
        String dir = System.getProperty("bench.jfr");
        return new BenchTarget(Integer.getInteger("bench.runs", 5), serverPid > 0 ? new ServerProcess(serverPid) : null,
                load, new BenchClient(base, load), new ServerPhases(base),
                dir == null || serverPid <= 0 ? null : Files.createDirectories(Path.of(dir)));
    }

    private static List<Integer> counts(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
