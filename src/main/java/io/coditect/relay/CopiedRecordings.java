package io.coditect.relay;

import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingInfo;
import io.coditect.recording.RecordingStore;
import io.coditect.recording.Recordings;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The gateway's recordings: its copies in its own store ({@link RecordingCopier}), listed and
 * downloaded from there, whatever has become of the workspace's volume since (and whether the
 * workspace runs). A copy in progress is copied on as far as the agent has it (a bounded amount,
 * {@link RecordingCopier#copyNow}) before it is described or downloaded, and is served as far as
 * it is copied: its description says {@code copy: "copying"}, and a later download is longer.
 *
 * <p>While the workspace runs, the listing also holds what only its agent has (a restored
 * terminal's new recording, which the gateway did not start; one recorded before this gateway
 * copied), marked {@code copy: "agent"} and relayed from the agent as {@link RemoteRecordings}
 * does: the workspace's user can change those. An agent that cannot answer leaves them out of
 * the listing rather than fail it.
 */
@Immutable
@Typed(CopiedRecordings.class)
public class CopiedRecordings implements Recordings {
    private static final Logger LOG = Logger.getLogger(CopiedRecordings.class.getName());
    private static final Comparator<RecordingInfo> NEWEST_FIRST =
            Comparator.comparing(RecordingInfo::startedAt, Comparator.reverseOrder()).thenComparing(RecordingInfo::id);

    private final RecordingStore copies;
    private final RecordingCopier copier;
    private final RemoteRecordings agent;

    @Inject
    public CopiedRecordings(RecordingStore copies, RecordingCopier copier, RemoteRecordings agent) {
        this.copies = copies;
        this.copier = copier;
        this.agent = agent;
    }

    @Override
    public List<RecordingInfo> list(Workspace workspace, int limit) {
        List<RecordingInfo> copied = copies.list(workspace.id(), limit);
        if (workspace.status() != WorkspaceStatus.RUNNING) {
            return copied;
        }
        List<RecordingInfo> held;
        try {
            held = agent.list(workspace, limit);
        } catch (ApiException e) {
            LOG.fine(() -> "the agent of " + workspace.id() + " did not list its recordings: " + e.getMessage());
            return copied;
        }
        Set<String> known = copied.stream().map(RecordingInfo::id).collect(Collectors.toSet());
        return Stream.concat(copied.stream(), held.stream().filter(info -> !known.contains(info.id()))
                        .map(info -> info.withCopy(RecordingInfo.AGENT)))
                .sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public Optional<RecordingInfo> find(Workspace workspace, String recordingId) {
        boolean running = workspace.status() == WorkspaceStatus.RUNNING;
        Optional<RecordingInfo> copied = copies.find(workspace.id(), recordingId);
        if (copied.isPresent()) {
            if (running && RecordingInfo.COPYING.equals(copied.get().copy())) {
                copier.copyNow(workspace.id(), recordingId);
                return copies.find(workspace.id(), recordingId);
            }
            return copied;
        }
        return running ? agent.find(workspace, recordingId).map(info -> info.withCopy(RecordingInfo.AGENT)) : Optional.empty();
    }

    @Override
    public Download download(Workspace workspace, RecordingInfo info) {
        return RecordingInfo.AGENT.equals(info.copy()) ? agent.download(workspace, info) : copies.download(workspace, info);
    }
}
