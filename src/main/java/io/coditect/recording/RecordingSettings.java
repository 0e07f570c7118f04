package io.coditect.recording;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Session recording's settings (docs/configuration.md, "Session recording"). */
@Immutable
public class RecordingSettings {
    private final RecordingPolicy deployment;
    private final Duration retention;
    private final int pendingBytes;

    @Inject
    public RecordingSettings(@ConfigProperty(name = "coditect.recording.enabled", defaultValue = "false") boolean enabled,
                             @ConfigProperty(name = "coditect.recording.input", defaultValue = "false") boolean input,
                             @ConfigProperty(name = "coditect.recording.retention-days", defaultValue = "30") int retentionDays,
                             @ConfigProperty(name = "coditect.recording.pending-bytes", defaultValue = "8388608") int pendingBytes) {
        this(new RecordingPolicy(enabled, input), Duration.ofDays(retentionDays), pendingBytes);
    }

    public RecordingSettings(RecordingPolicy deployment, Duration retention, int pendingBytes) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("coditect.recording.retention-days must be at least 1");
        }
        if (pendingBytes < 65_536) {
            throw new IllegalArgumentException("coditect.recording.pending-bytes must be at least 65536");
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
}
