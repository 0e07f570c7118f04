package io.coditect.recording;

import java.util.List;

/** {@code GET /api/v1/workspaces/{id}/recordings}: the newest recordings first. */
public record RecordingList(List<RecordingInfo> recordings) {
}
