package io.coditect.gateway;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an agent's answer body that makes no progress for {@code idle}: the JDK's request timeout
 * ends once the headers are in, and a thread reading a body the agent stalled mid-way would wait
 * forever. Closing the JDK's body stream wakes a blocked read with an {@code IOException}.
 */
final class StallGuard implements AutoCloseable {
    private final Closeable body;
    private final long idleNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile boolean tripped;

    private StallGuard(Closeable body, Duration idle, ScheduledExecutorService timer) {
        this.body = body;
        this.idleNanos = idle.toNanos();
        long period = Math.max(50, idle.toMillis() / 4);
        this.check = timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    static StallGuard watch(Closeable body, Duration idle, ScheduledExecutorService timer) {
        return new StallGuard(body, idle, timer);
    }

    /** Bytes arrived: the idle time starts again. */
    void progress() {
        lastProgressNanos = System.nanoTime();
    }

    /** Whether the body was closed for stalling. */
    boolean tripped() {
        return tripped;
    }

    private void check() {
        if (System.nanoTime() - lastProgressNanos <= idleNanos) {
            return;
        }
        tripped = true;
        check.cancel(false);
        try {
            body.close();
        } catch (IOException e) {
            // Closing is all that was wanted; the reader fails either way.
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
