package io.coditect.recording;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * What the API lists of a recording, and what the store keeps beside its data: which terminal,
 * when it started and ended ({@code endedAt} null while it runs), its first size, whether input is
 * in it, how many bytes of asciicast text it holds and how many bytes of terminal traffic could
 * not be recorded ({@code unrecordedBytes}: the store fell behind, a gap marker in the recording
 * says where).
 */
@JsonbNillable
public record RecordingInfo(String id, String workspace, String terminal, Instant startedAt, Instant endedAt,
                            int cols, int rows, boolean input, long bytes, long unrecordedBytes) {
    public RecordingInfo progressed(long newBytes, long newUnrecorded, Instant ended) {
        return new RecordingInfo(id, workspace, terminal, startedAt, ended, cols, rows, input, newBytes, newUnrecorded);
    }
}
