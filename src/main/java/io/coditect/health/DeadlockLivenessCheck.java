package io.coditect.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless threads are deadlocked: the one state a restart fixes and waiting does not. Memory
 * pressure is left to the container's limits, since a liveness probe that fails under load would
 * restart a busy server in the middle of its users' sessions.
 */
@Liveness
@ApplicationScoped
public class DeadlockLivenessCheck implements HealthCheck {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public HealthCheckResponse call() {
        long[] deadlocked = threads.findDeadlockedThreads();
        int count = deadlocked == null ? 0 : deadlocked.length;
        return HealthCheckResponse.named("threads")
                .status(count == 0)
                .withData("looked-at", "JVM thread deadlock detection")
                .withData("deadlocked-threads", count)
                .withData("live-threads", threads.getThreadCount())
                .build();
    }
}
