package io.coditect.recording;

/**
 * Whether a workspace's terminals are recorded, and whether their input is too (keystrokes hold
 * passwords typed at prompts that do not echo, so input is a choice of its own).
 */
public record RecordingPolicy(boolean enabled, boolean input) {
    public static final RecordingPolicy OFF = new RecordingPolicy(false, false);

    /** Input is recorded only with the rest. */
    public RecordingPolicy {
        input = enabled && input;
    }

    /** What applies when both the deployment and the workspace have a say: each can only switch recording on. */
    public RecordingPolicy or(RecordingPolicy other) {
        return new RecordingPolicy(enabled || other.enabled, input || other.input);
    }
}
