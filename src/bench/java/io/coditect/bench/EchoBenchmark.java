package io.coditect.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Keystroke echo latency, open loop (part {@code echo}): every terminal typed at 20 keys a second
 * from schedule, each echo timed from its scheduled time, at several terminal counts.
 */
record EchoBenchmark(BenchTarget target) {
    private static final long KEY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final double ECHO_TARGET_MS = 2.0;

    void echo(List<Integer> counts) throws Exception {
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
        List<BenchClient.Terminal> terminals = target.api().terminals(count);
        List<LoadConnection> clients = target.api().attachAll(terminals);
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
        if (record) {
            target.startRecording("echo");
        }
        for (int run = 0; run < target.runs(); run++) {
            long start = System.nanoTime();
            long measureFrom = start + WARMUP_NANOS;
            long measured = TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.echo.seconds", 5));
            target.load().type(clients, KEY_INTERVAL_NANOS, measureFrom, measureFrom + measured, echoBytes);
            TimeUnit.NANOSECONDS.sleep(measureFrom - System.nanoTime());
            CpuTime cpu = CpuTime.now(target.serverPid());
            TimeUnit.NANOSECONDS.sleep(measureFrom + measured - System.nanoTime());
            CpuTime used = CpuTime.now(target.serverPid()).minus(cpu);
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
        if (record) {
            target.stopRecording("echo", "echo-" + count + ".jfr");
        }
        System.out.printf(Locale.ROOT, "RESULT echo %d terminals x 20 keys/s (open loop, from the scheduled time): median"
                        + " p50 %.2f ms, p99 %.2f ms %s, p99.9 %.2f ms; %d keys, %d never answered; server CPU %.0f us per key;"
                        + " %s%n", count, Stats.median(p50), Stats.median(p99), Stats.list(p99, "%.2f"), Stats.median(p999),
                keys, unanswered, Stats.median(cpuPerKey), Stats.Machine.now().since(machine));
        for (LoadConnection client : clients) {
            client.close();
        }
        target.api().deleteAll(terminals);
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
}
