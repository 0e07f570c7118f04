package io.coditect.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the virtual users saw: echo latencies (per window and over the run), errors by code
 * (expected ones, such as a draining replica's refusal, apart from unexpected ones), and counts.
 * Each window becomes one row of {@code latency.csv} and {@code activity.csv}.
 */
final class Recorder {
    private final long startNanos = System.nanoTime();
    private final PrintWriter latencyCsv;
    private final PrintWriter activityCsv;
    private final PrintWriter errorLog;
    private long[] window = new long[1024];
    private int windowCount;
    private long[] all = new long[1 << 16];
    private int allCount;
    private final Map<String, Integer> phases = new java.util.LinkedHashMap<>();
    private final Map<String, Long> unexpected = new TreeMap<>();
    private final Map<String, Long> expected = new TreeMap<>();
    private long windowUnexpected;
    private long windowExpected;
    final AtomicLong keys = new AtomicLong();
    final AtomicLong echoesAcrossReattach = new AtomicLong();
    final AtomicLong reattaches = new AtomicLong();
    final AtomicLong drops = new AtomicLong();
    final AtomicLong jobs = new AtomicLong();
    final AtomicLong floods = new AtomicLong();
    final AtomicLong resizes = new AtomicLong();
    final AtomicLong fileOps = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong lostBytes = new AtomicLong();
    final AtomicLong duplicateBytes = new AtomicLong();
    final AtomicLong activeUsers = new AtomicLong();
    final AtomicLong attached = new AtomicLong();

    Recorder(Path directory) {
        try {
            Files.createDirectories(directory);
            latencyCsv = new PrintWriter(Files.newBufferedWriter(directory.resolve("latency.csv")), true);
            activityCsv = new PrintWriter(Files.newBufferedWriter(directory.resolve("activity.csv")), true);
            errorLog = new PrintWriter(Files.newBufferedWriter(directory.resolve("errors.log")), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        latencyCsv.println("seconds,keys,p50_ms,p99_ms,p999_ms,max_ms");
        activityCsv.println("seconds,users,attached,keys,bytes,reattaches,drops,jobs,floods,files,unexpected_errors,expected_errors");
    }

    /** Seconds since the run began. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    synchronized void echo(long nanos) {
        if (windowCount == window.length) {
            window = Arrays.copyOf(window, window.length * 2);
        }
        window[windowCount++] = nanos;
        if (allCount == all.length) {
            all = Arrays.copyOf(all, all.length * 2);
        }
        all[allCount++] = nanos;
    }

    /** An error; {@code expectedDuringChaos}: one a client meets by design while a replica stops. */
    synchronized void error(String code, boolean expectedDuringChaos, String detail) {
        Map<String, Long> counts = expectedDuringChaos ? expected : unexpected;
        counts.merge(code, 1L, Long::sum);
        if (expectedDuringChaos) {
            windowExpected++;
        } else {
            windowUnexpected++;
        }
        errorLog.printf(Locale.ROOT, "%s %.1f %s %s %s%n", Instant.now(), seconds(),
                expectedDuringChaos ? "expected" : "UNEXPECTED", code, detail);
    }

    /** Closes the window: one row each in latency.csv and activity.csv. */
    synchronized void endWindow() {
        double t = seconds();
        long[] sorted = Arrays.copyOf(window, windowCount);
        Arrays.sort(sorted);
        latencyCsv.printf(Locale.ROOT, "%.0f,%d,%.2f,%.2f,%.2f,%.2f%n", t, sorted.length, ms(sorted, 0.50), ms(sorted, 0.99),
                ms(sorted, 0.999), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
        activityCsv.printf(Locale.ROOT, "%.0f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", t, activeUsers.get(), attached.get(), keys.get(),
                bytes.get(), reattaches.get(), drops.get(), jobs.get(), floods.get(), fileOps.get(), windowUnexpected, windowExpected);
        windowCount = 0;
        windowUnexpected = 0;
        windowExpected = 0;
    }

    /** The {@code p} quantile in ms of sorted nanoseconds (nearest rank), NaN when empty. */
    static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    synchronized long[] allLatencies() {
        long[] sorted = Arrays.copyOf(all, allCount);
        Arrays.sort(sorted);
        return sorted;
    }

    /** From now on, echoes count for the phase {@code name} (a load step). */
    synchronized void startPhase(String name) {
        phases.put(name, allCount);
    }

    /** Each phase's echo latencies, sorted, in the order the phases began. */
    synchronized Map<String, long[]> phaseLatencies() {
        Map<String, long[]> result = new java.util.LinkedHashMap<>();
        List<Map.Entry<String, Integer>> starts = List.copyOf(phases.entrySet());
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i).getValue();
            int to = i + 1 < starts.size() ? starts.get(i + 1).getValue() : allCount;
            long[] sorted = Arrays.copyOfRange(all, from, to);
            Arrays.sort(sorted);
            result.put(starts.get(i).getKey(), sorted);
        }
        return result;
    }

    synchronized Map<String, Long> unexpectedErrors() {
        return Map.copyOf(unexpected);
    }

    synchronized Map<String, Long> expectedErrors() {
        return Map.copyOf(expected);
    }

    void close() {
        latencyCsv.close();
        activityCsv.close();
        errorLog.close();
    }
}
