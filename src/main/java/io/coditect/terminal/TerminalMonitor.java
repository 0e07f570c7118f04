package io.coditect.terminal;

import io.coditect.workspace.WorkspaceActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The terminals' metrics (their names are a contract with the autoscaler's configuration) and
 * the workspace activity that idle stop reads.
 */
@ApplicationScoped
public class TerminalMonitor implements TerminalListener {
    static final String LIVE = "coditect.terminals.live";
    static final String ATTACHED_CLIENTS = "coditect.terminals.attached-clients";
    static final String BYTES_IN = "coditect.terminals.bytes-in";
    static final String BYTES_OUT = "coditect.terminals.bytes-out";
    static final String REATTACHES = "coditect.terminals.reattaches";
    static final String FLOW_CONTROL_PAUSES = "coditect.terminals.flow-control-pauses";
    static final String PHASE_TIME = "coditect.terminals.phase-time";

    private final WorkspaceActivity activity;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger attachedClients = new AtomicInteger();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter reattaches;
    private final Counter pauses;
    private final Map<TerminalPhase, Timer> phases = new EnumMap<>(TerminalPhase.class);

    /** For the CDI client proxy only. */
    protected TerminalMonitor() {
        this.activity = null;
        this.bytesIn = null;
        this.bytesOut = null;
        this.reattaches = null;
        this.pauses = null;
    }

    @Inject
    public TerminalMonitor(MetricRegistry registry, WorkspaceActivity activity) {
        this.activity = activity;
        registry.gauge(Metadata.builder().withName(LIVE)
                .withDescription("Terminals whose shell runs on this server; on a gateway, terminals it relays to attached clients").build(), live::get);
        registry.gauge(Metadata.builder().withName(ATTACHED_CLIENTS)
                .withDescription("WebSocket clients attached to terminals on this server").build(), attachedClients::get);
        this.bytesIn = registry.counter(Metadata.builder().withName(BYTES_IN)
                .withDescription("Input bytes written to terminals").build());
        this.bytesOut = registry.counter(Metadata.builder().withName(BYTES_OUT)
                .withDescription("Output bytes sent to attached clients (each client counted)").build());
        this.reattaches = registry.counter(Metadata.builder().withName(REATTACHES)
                .withDescription("Attaches that resumed from an offset").build());
        this.pauses = registry.counter(Metadata.builder().withName(FLOW_CONTROL_PAUSES)
                .withDescription("Times a terminal stopped reading its PTY for a client that was behind").build());
        Metadata phaseTime = Metadata.builder().withName(PHASE_TIME)
                .withDescription("Time of each server step from a terminal's create to a client's first frame").build();
        for (TerminalPhase phase : TerminalPhase.values()) {
            phases.put(phase, registry.timer(phaseTime, new Tag("phase", phase.tag())));
        }
    }

    @Override
    public void started(String workspaceId) {
        live.incrementAndGet();
    }

    @Override
    public void ended(String workspaceId) {
        live.decrementAndGet();
    }

    @Override
    public void attached(String workspaceId, boolean reattach) {
        attachedClients.incrementAndGet();
        if (reattach) {
            reattaches.inc();
        }
        activity.clientAttached(workspaceId);
    }

    @Override
    public void detached(String workspaceId) {
        attachedClients.decrementAndGet();
        activity.clientDetached(workspaceId);
    }

    @Override
    public void input(String workspaceId, int bytes) {
        bytesIn.inc(bytes);
    }

    @Override
    public void sent(int bytes) {
        bytesOut.inc(bytes);
    }

    @Override
    public void paused() {
        pauses.inc();
    }

    @Override
    public void active(String workspaceId) {
        activity.touch(workspaceId);
    }

    @Override
    public void phase(TerminalPhase phase, long nanos) {
        phases.get(phase).update(Duration.ofNanos(nanos));
    }
}
