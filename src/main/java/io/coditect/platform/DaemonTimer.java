package io.coditect.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A background round on its own named daemon thread (a daemon, so it never holds the JVM up).
 * The caller keeps the executor and shuts it down when its bean is destroyed.
 */
public final class DaemonTimer {
    private DaemonTimer() {
    }

    /** Runs {@code task} after {@code first}, then {@code every} after each run ends. */
    public static ScheduledExecutorService start(String threadName, Duration first, Duration every, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(threadName).factory());
        timer.scheduleWithFixedDelay(task, first.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return timer;
    }
}
