package io.coditect.recording;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.audit.RequestOrigin;
import io.coditect.terminal.RecordingRequest;
import io.coditect.terminal.TerminalInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's part of recording the terminals its agents run: it decides, from this deployment's
 * and the workspace's policy (both in the gateway's store), what the agent is told with each
 * create ({@link RecordingRequest}, with a recording id made here), and once the agent has started
 * the terminal begins the gateway's copy of its recording ({@link RecordingCopies}) with the
 * {@code recording.start} event, in one transaction (the agent, which records on the workspace's
 * volume, writes no event).
 */
@ApplicationScoped
public class GatewayRecordings {
    private static final Logger LOG = Logger.getLogger(GatewayRecordings.class.getName());

    private final RecordingStore store;
    private final RecordingCopies copies;
    private final RecordingSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    /** For the CDI client proxy only. */
    protected GatewayRecordings() {
        this.store = null;
        this.copies = null;
        this.settings = null;
        this.audit = null;
        this.clock = null;
    }

    @Inject
    public GatewayRecordings(RecordingStore store, RecordingCopies copies, RecordingSettings settings, AuditLog audit) {
        this(store, copies, settings, audit, Clock.systemUTC());
    }

    GatewayRecordings(RecordingStore store, RecordingCopies copies, RecordingSettings settings, AuditLog audit, Clock clock) {
        this.store = store;
        this.copies = copies;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What the agent is told for a terminal about to be created in the workspace. Throws
     * {@link io.coditect.store.StoreUnavailableException} when the policy cannot be read: the
     * terminal is refused rather than run unrecorded.
     */
    public RecordingRequest request(String workspaceId) {
        RecordingPolicy policy = settings.deployment().or(store.policy(workspaceId));
        return new RecordingRequest(policy.enabled(), policy.input(),
                policy.enabled() ? RecordingIds.generate(clock.instant()) : null);
    }

    /**
     * The agent started {@code terminal} as {@code request} asked: its recording began, and the
     * gateway's copy of it with its {@code recording.start} event.
     */
    public void started(String workspaceId, TerminalInfo terminal, RecordingRequest request) {
        if (request.enabled()) {
            AuditEvent event = audit.event(AuditAction.RECORDING_START, AuditEvent.SYSTEM, RequestOrigin.SERVER)
                    .withWorkspace(workspaceId).withTerminal(terminal.id()).withDetail("recording", request.id())
                    .withDetail("input", request.input());
            Instant startedAt = Instant.ofEpochMilli(RecordingIds.startedMillis(request.id()).orElseThrow());
            try {
                copies.begin(new RecordingInfo(request.id(), workspaceId, terminal.id(), startedAt, null, terminal.cols(),
                        terminal.rows(), request.input(), 0, 0, RecordingInfo.COPYING), event);
            } catch (RuntimeException e) {
                // The terminal runs, recorded by the agent: the listing shows its recording as the agent's (not copied).
                LOG.log(Level.WARNING, () -> "The copy of recording " + request.id() + " could not begin; it stays on the "
                        + "workspace's volume only: " + e.getMessage());
                audit.exported(event);
            }
        }
    }
}
