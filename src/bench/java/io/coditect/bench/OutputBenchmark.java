package io.coditect.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Output throughput (part {@code throughput}): the {@link Burst}, {@code cat} in one terminal, MB/s
 * and server CPU per MB; and session recording's cost on it (part {@code recording}).
 */
final class OutputBenchmark {
    private final int runs;
    private final ServerProcess server;
    private final BenchClient api;
    private final Path jfr;

    OutputBenchmark(BenchTarget target) {
        this.runs = target.runs();
        this.server = target.server();
        this.api = target.api();
        this.jfr = target.jfr();
    }

    void throughput() throws Exception {
        BenchClient.Terminal terminal = api.terminal(api.workspace());
        LoadConnection client = api.attach(terminal);
        BenchClient.awaitPrompt(client);
        // Generated once, in the workspace, so each run measures streaming rather than base64.
        Burst.make(client);
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
            Burst.cat(client, run + 500);
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

    /**
     * Session recording's cost on output throughput: the {@link #throughput} burst, {@code cat} in
     * a terminal of a workspace without recording and in one of a workspace with it, alternately
     * (so both see the same machine), two warm-up runs each, then {@code bench.runs} each.
     */
    void recordingCost() throws Exception {
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
            Burst.make(client);
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
                Burst.cat(client, run + 500);
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
}
