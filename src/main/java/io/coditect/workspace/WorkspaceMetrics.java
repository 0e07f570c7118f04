package io.coditect.workspace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/** The workspace package's own metrics, beyond the counted service methods. */
@ApplicationScoped
public class WorkspaceMetrics {
    private final Timer timeToRunning;
    private final Counter idleStops;

    /** For the CDI client proxy only. */
    protected WorkspaceMetrics() {
        this.timeToRunning = null;
        this.idleStops = null;
    }

    @Inject
    public WorkspaceMetrics(MetricRegistry registry) {
        this.timeToRunning = registry.timer(Metadata.builder()
                .withName("coditect.workspace.time-to-running")
                .withDescription("From asking a workspace to start (create or start) until it was seen running")
                .withUnit(MetricUnits.SECONDS)
                .build());
        this.idleStops = registry.counter(Metadata.builder()
                .withName("coditect.workspace.idle-stops")
                .withDescription("Workspaces stopped because their terminals were idle for the idle timeout")
                .build());
    }

    public void reachedRunning(Duration sinceStartAsked) {
        timeToRunning.update(sinceStartAsked);
    }

    public void stoppedIdle() {
        idleStops.inc();
    }
}
