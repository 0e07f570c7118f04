package io.coditect.recording;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.audit.RequestOrigin;
import io.coditect.terminal.RecordingRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The gateway's part of recording the terminals its agents run: it decides, from this deployment's
 * and the workspace's policy (both in the gateway's store), what the agent is told with each
 * create ({@link RecordingRequest}, with a recording id made here), and writes the
 * {@code recording.start} event once the agent has started the terminal (the agent, which keeps
 * the recording on the workspace's volume, writes none).
 */
@ApplicationScoped
public class GatewayRecordings {
    private final RecordingStore store;
    private final RecordingSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    /** For the CDI client proxy only. */
    protected GatewayRecordings() {
        this.store = null;
        this.settings = null;
        this.audit = null;
        this.clock = null;
    }

    @Inject
    public GatewayRecordings(RecordingStore store, RecordingSettings settings, AuditLog audit) {
        this(store, settings, audit, Clock.systemUTC());
    }

    GatewayRecordings(RecordingStore store, RecordingSettings settings, AuditLog audit, Clock clock) {
        this.store = store;
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

    /** The agent started the terminal as {@code request} asked: its recording began. */
    public void started(String workspaceId, String terminalId, RecordingRequest request) {
        if (request.enabled()) {
            audit.record(audit.event(AuditAction.RECORDING_START, AuditEvent.SYSTEM, RequestOrigin.SERVER)
                    .withWorkspace(workspaceId).withTerminal(terminalId).withDetail("recording", request.id())
                    .withDetail("input", request.input()));
        }
    }
}
