package io.coditect.load;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The run's {@code summary.md}: what ran, what the users saw, what the servers did. */
final class Summary {
    private Summary() {
    }

    static void write(LoadSettings settings, Soak.Result result, Map<String, long[]> phases, Report report, Instant began,
                      String pressureBefore, double seconds) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Load run ").append(began).append("\n\n");
        md.append(String.format(Locale.ROOT, "%s; steps %s, ramp-up %s, %d terminals per user; ran %.1f min.%n%n",
                settings.deploysGateways() ? "Two gateway replicas behind HAProxy, one agent per user" : "Server at " + settings.url(),
                settings.steps(), settings.rampUp(), settings.terminals(), seconds / 60));
        md.append(String.format(Locale.ROOT, "Machine: %d CPUs; CPU pressure before: `%s`; mean CPU pressure (avg10) during the run: %.1f %%.%n%n",
                Runtime.getRuntime().availableProcessors(), pressureBefore, report.meanPressure()));
        md.append("## Correctness\n\n| check | count |\n|---|---|\n");
        md.append(row("output bytes received and checked", result.bytes()));
        md.append(row("bytes lost (an attach past the offset asked for, or truncated)", result.lostBytes()));
        md.append(row("bytes duplicated (an attach before the offset asked for)", result.duplicateBytes()));
        md.append(row("numbered job lines lost", result.lostLines()));
        md.append(row("numbered job lines duplicated", result.duplicateLines()));
        md.append(row("jobs finished (build logs and floods)", result.jobs()));
        md.append(row("of which yes | head floods", result.floods()));
        md.append(row("re-attaches (drops, drains, kills)", result.reattaches()));
        md.append(row("connections dropped by the users", result.drops()));
        md.append(row("file writes read back equal", result.fileOps()));
        md.append(row("keys typed", result.keys()));
        md.append(row("gateway drains (SIGTERM)", result.drains()));
        md.append(row("drains with readiness seen DOWN over HTTP", result.drainsSeenDown()));
        md.append(row("gateway kills (SIGKILL)", result.kills()));
        md.append(row("replica restarts", result.restarts()));
        md.append("\nUnexpected errors by code: ").append(result.unexpectedErrors().isEmpty() ? "none" : result.unexpectedErrors().toString())
                .append(".\nExpected errors by code (met while a replica stopped, by design): ")
                .append(result.expectedErrors().isEmpty() ? "none" : result.expectedErrors().toString()).append(".\n\n");
        md.append("## Echo latency\n\n| step | keys | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|---|\n");
        phases.forEach((phase, sorted) -> md.append(latencyRow(phase, sorted)));
        md.append(latencyRow("whole run", result.latencies()));
        md.append("\nKeys whose echo came only after a re-attach are left out of these (they are counted in the activity CSV).\n\n");
        md.append("## Servers\n\n").append(report.peaks()).append("\n### Slopes after warm-up (").append(settings.warmUp())
                .append(" per process)\n\n").append(report.slopes()).append('\n');
        md.append("Charts: ![latency](latency.svg) ![memory](memory.svg) ![heap](heap.svg) ![threads](threads.svg) ![fds](fds.svg)"
                + " ![cpu](cpu.svg) ![store](store.svg) ![activity](activity.svg)\n");
        Files.writeString(settings.out().resolve("summary.md"), md);
        System.out.print(md);
    }

    private static String row(String what, long count) {
        return "| " + what + " | " + count + " |\n";
    }

    private static String latencyRow(String phase, long[] sorted) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", phase, sorted.length, Recorder.ms(sorted, 0.5),
                Recorder.ms(sorted, 0.99), Recorder.ms(sorted, 0.999), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
    }
}
