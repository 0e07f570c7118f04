package io.coditect.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Memory and threads per idle terminal (part {@code memory}): the server's heap, RSS and threads after a full GC. */
record IdleMemoryBenchmark(BenchTarget target) {
    void idleMemory(List<Integer> counts) throws Exception {
        // Deleted terminals are gone a few seconds after their delete (their kill follows in 3 s).
        Thread.sleep(6000);
        Stats.Machine machine = Stats.Machine.now();
        ServerProcess.Reading empty = medianReading();
        System.out.printf(Locale.ROOT, "RESULT memory, 0 terminals (after a full GC, median of %d): heap %.1f MiB, RSS %.1f MiB,"
                + " %d threads%n", target.runs(), empty.heapUsed() / 1048576.0, empty.rss() / 1048576.0, empty.threads());
        List<BenchClient.Terminal> terminals = new ArrayList<>();
        List<LoadConnection> attached = new ArrayList<>();
        for (int count : counts) {
            List<BenchClient.Terminal> more = target.api().terminals(count - terminals.size());
            List<LoadConnection> clients = target.api().attachAll(more);
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
                            + " threads +%.2f; %s%n", count, target.runs(), reading.heapUsed() / 1048576.0, reading.rss() / 1048576.0,
                    reading.threads(), (reading.heapUsed() - empty.heapUsed()) / 1024.0 / count,
                    (reading.rss() - empty.rss()) / 1024.0 / count, (reading.threads() - empty.threads()) / (double) count,
                    Stats.Machine.now().since(machine));
        }
        for (LoadConnection client : attached) {
            client.close();
        }
        target.api().deleteAll(terminals);
    }

    private ServerProcess.Reading medianReading() throws Exception {
        List<Double> heap = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> threads = new ArrayList<>();
        for (int i = 0; i < target.runs(); i++) {
            ServerProcess.Reading reading = target.server().afterFullGc();
            heap.add((double) reading.heapUsed());
            rss.add((double) reading.rss());
            threads.add((double) reading.threads());
        }
        return new ServerProcess.Reading((long) Stats.median(heap), (long) Stats.median(rss), (long) Stats.median(threads));
    }
}
