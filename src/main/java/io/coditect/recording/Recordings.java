package io.coditect.recording;

import io.coditect.workspace.Workspace;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Optional;

/**
 * Where the API finds a workspace's recordings: this server's store ({@link RecordingStore}:
 * standalone, and an agent's own), or, in the gateway role, the workspace's agent, which keeps
 * them on the workspace's volume ({@code relay.RemoteRecordings}).
 */
public interface Recordings {
    /** The newest {@code limit} recordings of the workspace, newest first. */
    List<RecordingInfo> list(Workspace workspace, int limit);

    /** The recording's description; empty for an id the workspace does not have (or not of the id form). */
    Optional<RecordingInfo> find(Workspace workspace, String recordingId);

    /** The asciicast text of a recording {@link #find} found: its length, and the body that streams it. */
    Download download(Workspace workspace, RecordingInfo info);

    record Download(long length, StreamingOutput body) {
    }
}
