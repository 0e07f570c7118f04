package io.coditect.recording;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * What the API lists of a recording, and what the store keeps beside its data: which terminal,
 * when it started and ended ({@code endedAt} null while it runs), its first size, whether input is
 * in it, how many bytes of asciicast text it holds and how many bytes of terminal traffic could
 * not be recorded ({@code unrecordedBytes}: the store fell behind, a gap marker in the recording
 * says where). {@code copy}: null where this server made the recording (standalone, an agent); in
 * the gateway role, how far the gateway's copy of the agent's recording is ({@link #COPYING},
 * {@link #COMPLETE}, {@link #STOPPED}), or {@link #AGENT} for one only the agent holds.
 */
@JsonbNillable
public record RecordingInfo(String id, String workspace, String terminal, Instant startedAt, Instant endedAt,
                            int cols, int rows, boolean input, long bytes, long unrecordedBytes, String copy) {
    /** The gateway copies it as the terminal runs: {@code bytes} are in the gateway's store, the agent may hold more. */
    public static final String COPYING = "copying";
    /** Every byte the agent recorded is in the gateway's store; nothing on the workspace's volume changes it any more. */
    public static final String COMPLETE = "complete";
    /** The copy stopped (the agent answered something that is not this recording): {@code bytes} are what was copied before. */
    public static final String STOPPED = "stopped";
    /** Not copied (a restored terminal's new recording): listed and served from the agent, which the workspace's user controls. */
    public static final String AGENT = "agent";

    public RecordingInfo progressed(long newBytes, long newUnrecorded, Instant ended) {
        return new RecordingInfo(id, workspace, terminal, startedAt, ended, cols, rows, input, newBytes, newUnrecorded, copy);
    }

    public RecordingInfo withCopy(String state) {
        return new RecordingInfo(id, workspace, terminal, startedAt, endedAt, cols, rows, input, bytes, unrecordedBytes, state);
    }
}
