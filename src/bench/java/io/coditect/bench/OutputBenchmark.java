package io.coditect.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Output throughput (part {@code throughput}): the {@link Burst}, {@code cat} in one terminal, MB/s
 * and server CPU per MB; and session recording's cost on it (part {@code recording}).
 */
record OutputBenchmark(BenchTarget target) {
    /** One {@code cat} of the burst: the bytes received, in how long, and the server's CPU time meanwhile. */
    private record Cat(long bytes, double seconds, CpuTime used) {
        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }

        double serverMillisPerMegabyte() {
            return used.serverMillis() / (bytes / 1e6);
        }
    }

    void throughput() throws Exception {
        BenchClient.Terminal terminal = target.api().terminal(target.api().workspace());
        LoadConnection client = withBurst(terminal);
        List<Double> rates = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        List<Double> frameSizes = new ArrayList<>();
        List<Double> frameCounts = new ArrayList<>();
        Stats.Machine machine = Stats.Machine.now();
        // Two warm-up runs (the server's JIT compiles the output path), then the measured ones.
        for (int run = -2; run < target.runs(); run++) {
            if (run == 0) {
                target.startRecording("throughput");
            }
            long framesBefore = client.frames();
            Cat cat = cat(client, run + 500);
            long frames = client.frames() - framesBefore;
            if (run >= 0) {
                rates.add(cat.megabytesPerSecond());
                costs.add(cat.serverMillisPerMegabyte());
                frameCounts.add((double) frames);
                frameSizes.add(cat.bytes() / (double) frames);
            }
            System.out.printf(Locale.ROOT, "throughput run %d%s: %d bytes in %.2f s = %.1f MB/s, %d frames of %.0f bytes on"
                            + " average; CPU %s%n", run, run < 0 ? " (warm-up)" : "", cat.bytes(), cat.seconds(),
                    cat.megabytesPerSecond(), frames, cat.bytes() / (double) frames, cat.used().per(cat.bytes() / 1e6, 1, "ms/MB"));
        }
        target.stopRecording("throughput", "throughput.jfr");
        System.out.printf(Locale.ROOT, "RESULT throughput: median %.1f MB/s %s, frames median %.0f of mean %.0f bytes,"
                        + " server CPU median %.1f ms per MB %s; %s%n", Stats.median(rates), Stats.list(rates, "%.1f"),
                Stats.median(frameCounts), Stats.median(frameSizes), Stats.median(costs), Stats.list(costs, "%.1f"),
                Stats.Machine.now().since(machine));
        client.close();
        target.api().delete(terminal);
    }

    /**
     * Session recording's cost on output throughput: the {@link #throughput} burst, {@code cat} in
     * a terminal of a workspace without recording and in one of a workspace with it, alternately
     * (so both see the same machine), two warm-up runs each, then {@code bench.runs} each.
     */
    void recordingCost() throws Exception {
        String plainWorkspace = target.api().workspace();
        String recordedWorkspace = target.api().workspace();
        target.api().record(recordedWorkspace);
        BenchClient.Terminal plain = target.api().terminal(plainWorkspace);
        BenchClient.Terminal recorded = target.api().terminal(recordedWorkspace);
        LoadConnection plainClient = withBurst(plain);
        LoadConnection recordedClient = withBurst(recorded);
        List<Double> plainRates = new ArrayList<>();
        List<Double> recordedRates = new ArrayList<>();
        List<Double> plainCosts = new ArrayList<>();
        List<Double> recordedCosts = new ArrayList<>();
        Stats.Machine machine = Stats.Machine.now();
        for (int run = -2; run < target.runs(); run++) {
            if (run == 0) {
                target.startRecording("recording");
            }
            for (boolean recording : new boolean[] {false, true}) {
                LoadConnection client = recording ? recordedClient : plainClient;
                Cat cat = cat(client, run + 500);
                if (run >= 0) {
                    (recording ? recordedRates : plainRates).add(cat.megabytesPerSecond());
                    (recording ? recordedCosts : plainCosts).add(cat.serverMillisPerMegabyte());
                }
                System.out.printf(Locale.ROOT, "recording-cost run %d%s, %s: %d bytes in %.2f s = %.1f MB/s; CPU %s%n",
                        run, run < 0 ? " (warm-up)" : "", recording ? "recorded" : "not recorded", cat.bytes(), cat.seconds(),
                        cat.megabytesPerSecond(), cat.used().per(cat.bytes() / 1e6, 1, "ms/MB"));
            }
        }
        target.stopRecording("recording", "recording.jfr");
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
        target.api().delete(plain);
        target.api().delete(recorded);
    }

    /**
     * Attaches to {@code terminal} and makes the burst there, once, while nothing is measured, so
     * each run measures streaming rather than base64.
     */
    private LoadConnection withBurst(BenchClient.Terminal terminal) throws Exception {
        LoadConnection client = target.api().attach(terminal);
        BenchClient.awaitPrompt(client);
        Burst.make(client);
        return client;
    }

    private Cat cat(LoadConnection client, int marker) throws Exception {
        long before = client.received();
        CpuTime cpu = CpuTime.now(target.serverPid());
        long start = System.nanoTime();
        Burst.cat(client, marker);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime used = CpuTime.now(target.serverPid()).minus(cpu);
        return new Cat(client.received() - before, seconds, used);
    }
}
