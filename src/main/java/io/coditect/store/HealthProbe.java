package io.coditect.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a backend's health probe within a time bound, so a readiness check never hangs on a stuck
 * disk or an unreachable cluster. At most one probe runs at a time: while one is stuck, later checks
 * wait for that one (each within its own bound) instead of piling up more.
 */
public final class HealthProbe {
    private final String backend;
    private final long timeoutMillis;
    private final Supplier<StoreHealth> probe;
    private CompletableFuture<StoreHealth> running;

    public HealthProbe(String backend, long timeoutMillis, Supplier<StoreHealth> probe) {
        this.backend = backend;
        this.timeoutMillis = timeoutMillis;
        this.probe = probe;
    }

    public StoreHealth check() {
        CompletableFuture<StoreHealth> answer;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = start();
            }
            answer = running;
        }
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return StoreHealth.down(backend, "the store did not answer within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StoreHealth.down(backend, "interrupted while waiting for the store");
        } catch (ExecutionException e) {
            return StoreHealth.down(backend, "the probe failed: " + e.getCause());
        }
    }

    private CompletableFuture<StoreHealth> start() {
        CompletableFuture<StoreHealth> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("coditect-store-health").start(() -> {
            try {
                answer.complete(probe.get());
            } catch (RuntimeException | Error e) {
                answer.complete(StoreHealth.down(backend, "the probe failed: " + e));
            }
        });
        return answer;
    }
}
