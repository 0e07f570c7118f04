package io.coditect.recording;

import io.coditect.platform.Immutable;
import io.coditect.platform.SharedWithAgents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Session recording's settings (docs/configuration.md, "Session recording"). Shared with the agents:
 * an agent records its workspace's terminals, keeps them and restores them with the deployment's policy.
 */
@Immutable
public class RecordingSettings implements SharedWithAgents {
    public static final String ENABLED = "coditect.recording.enabled";
    public static final String INPUT = "coditect.recording.input";
    public static final String RETENTION_DAYS = "coditect.recording.retention-days";
    public static final String PENDING_BYTES = "coditect.recording.pending-bytes";

    private final RecordingPolicy deployment;
    private final Duration retention;
    private final int pendingBytes;

    @Inject
    public RecordingSettings(@ConfigProperty(name = ENABLED) boolean enabled,
                             @ConfigProperty(name = INPUT) boolean input,
                             @ConfigProperty(name = RETENTION_DAYS) int retentionDays,
                             @ConfigProperty(name = PENDING_BYTES) int pendingBytes) {
        this(new RecordingPolicy(enabled, input), Duration.ofDays(retentionDays), pendingBytes);
    }

    public RecordingSettings(RecordingPolicy deployment, Duration retention, int pendingBytes) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(RETENTION_DAYS + " must be at least 1");
        }
        if (pendingBytes < 65_536) {
            throw new IllegalArgumentException(PENDING_BYTES + " must be at least 65536");
        }
        this.deployment = deployment;
        this.retention = retention;
        this.pendingBytes = pendingBytes;
    }

    /** What the deployment records in every workspace; a workspace's own policy can only add to it. */
    public RecordingPolicy deployment() {
        return deployment;
    }

    /** How long recordings are kept after they started. */
    public Duration retention() {
        return retention;
    }

    /**
     * How many bytes of one terminal's traffic may wait for the store; past it, traffic is not
     * recorded (a gap marker says how much) rather than held in memory or slowing the terminal.
     */
    public int pendingBytes() {
        return pendingBytes;
    }

    /** Every key: the agent reads them all (the policy for restored terminals, retention, the bound). */
    @Override
    public Map<String, String> forAgents() {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put(ENABLED, String.valueOf(deployment.enabled()));
        shared.put(INPUT, String.valueOf(deployment.input()));
        shared.put(RETENTION_DAYS, String.valueOf(retention.toDays()));
        shared.put(PENDING_BYTES, String.valueOf(pendingBytes));
        return shared;
    }
}
