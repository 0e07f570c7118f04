package io.coditect.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The used heap of one or more servers (MicroProfile Metrics, {@link FilesApi#usedHeap}), read once
 * at the start and then every 100 ms until closed: its value before and its peak, per server.
 */
public final class HeapWatch implements AutoCloseable {
    private final List<FilesApi> servers;
    private final long[] before;
    private final AtomicLongArray peaks;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> sampler;

    private HeapWatch(List<FilesApi> servers) {
        this.servers = servers;
        this.before = servers.stream().mapToLong(FilesApi::usedHeap).toArray();
        this.peaks = new AtomicLongArray(before);
        this.sampler = CompletableFuture.runAsync(this::sample);
    }

    public static HeapWatch of(FilesApi... servers) {
        return new HeapWatch(List.of(servers));
    }

    private void sample() {
        while (running.get()) {
            for (int i = 0; i < servers.size(); i++) {
                long used = servers.get(i).usedHeap();
                peaks.accumulateAndGet(i, used, Math::max);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The {@code server}th server's used heap when the watch began. */
    public long before(int server) {
        return before[server];
    }

    /** The most the {@code server}th server's heap held at any sample so far. */
    public long peak(int server) {
        return peaks.get(server);
    }

    @Override
    public void close() {
        running.set(false);
        sampler.join();
    }
}
