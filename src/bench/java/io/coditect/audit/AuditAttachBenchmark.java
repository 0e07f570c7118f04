package io.coditect.audit;

import io.coditect.store.KeyLayout;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;

/**
 * What auditing adds to the attach path: an attach's and a detach's event, each one transaction on
 * the real embedded store (a temporary file, synced on every commit), as {@code AttachConnection}
 * writes them. Same-run baseline: the same loop with auditing off (the agent's attach, which
 * records nothing). Prints the median of 5 runs of {@code pairs} attach/detach pairs, with the CPU
 * pressure before and after. Run as described in docs/benchmarks.md ("Audit trail").
 */
public final class AuditAttachBenchmark {
    private static final int RUNS = 5;

    private AuditAttachBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("audit-attach-benchmark");
        KeyLayout keys = new KeyLayout("bench");
        try (EmbeddedStore store = EmbeddedStores.open(dir)) {
            AuditLog audit = new AuditLog(store, keys, new AuditSettings(Duration.ofDays(90), "bench"), new AuditExport() {
                @Override
                public void log(AuditEvent event) {
                    // The export line's cost is the logging configuration's, not measured here.
                }
            });
            System.out.println("cpu pressure before: " + pressure());
            measure("auditing on: attach and detach events", pairs, () -> {
                AuditEvent attach = audit.event(AuditAction.TERMINAL_ATTACH, "alice", new RequestOrigin("192.0.2.1", "bench"))
                        .withWorkspace("ws-bench").withTerminal("t-1");
                audit.record(attach);
                audit.record(audit.event(AuditAction.TERMINAL_DETACH, "alice", new RequestOrigin("192.0.2.1", "bench"))
                        .withWorkspace("ws-bench").withTerminal("t-1").withDetail("bytes_in", 10)
                        .withDetail("bytes_out", 1000).withDetail("duration_ms", 5));
            });
            measure("baseline, same run: auditing off", pairs, () -> { });
            System.out.println("cpu pressure after: " + pressure());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void measure(String name, int pairs, Runnable pair) {
        for (int i = 0; i < pairs / 10; i++) {
            pair.run(); // warm-up
        }
        double[] micros = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                pair.run();
            }
            micros[run] = (System.nanoTime() - start) / 1000.0 / pairs;
        }
        Arrays.sort(micros);
        System.out.printf("RESULT %s: median %.1f us per attach+detach (min %.1f, max %.1f) of %d runs of %d%n",
                name, micros[RUNS / 2], micros[0], micros[RUNS - 1], RUNS, pairs);
    }

    private static String pressure() {
        try {
            return Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
