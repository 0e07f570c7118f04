package io.coditect.relay;

import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingIds;
import io.coditect.recording.RecordingInfo;
import io.coditect.recording.RecordingList;
import io.coditect.recording.Recordings;
import io.coditect.terminal.TerminalIds;
import io.coditect.terminal.wire.TerminalLimits;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The recordings a workspace's agent holds in its store on the workspace's volume, asked with a
 * service credential for the owner ({@link AgentClient}): what {@link CopiedRecordings} serves of
 * the recordings the gateway has not copied (marked {@code copy: "agent"}). The agent is not
 * trusted: descriptions come in JSON read to {@link BoundedBody}'s cap within the request timeout
 * and each is checked ({@link #checked}); a download must say it is asciicast and how long it is,
 * is streamed (never whole in memory) and cut at that length, and a read that waits longer than
 * the request timeout fails ({@link AgentBody}). Anything else is {@code 503 agent_unavailable}
 * for this workspace's user alone. A workspace that is not running has no agent to ask
 * ({@code 409 workspace_not_running}).
 */
@Immutable
@Typed(RemoteRecordings.class)
public class RemoteRecordings implements Recordings {
    static final String ASCIICAST = "application/x-asciicast";
    private static final Pattern LENGTH = Pattern.compile("\\d{1,18}");
    private static final int BUFFER = 64 * 1024;

    private final AgentClient agents;
    private final WorkspaceOwners owners;

    @Inject
    public RemoteRecordings(AgentClient agents, WorkspaceOwners owners) {
        this.agents = agents;
        this.owners = owners;
    }

    @Override
    public List<RecordingInfo> list(Workspace workspace, int limit) {
        String id = requireRunning(workspace);
        RecordingList listed = agents.recordings(id, owners.of(id));
        if (listed == null || listed.recordings() == null || listed.recordings().size() > limit) {
            throw agents.unavailable(id, "a recording list that is not one, or longer than " + limit);
        }
        return listed.recordings().stream().map(info -> checked(info, id, () -> unavailable(id))).toList();
    }

    @Override
    public Optional<RecordingInfo> find(Workspace workspace, String recordingId) {
        String id = requireRunning(workspace);
        if (!RecordingIds.isWellFormed(recordingId)) {
            return Optional.empty();
        }
        return agents.recording(id, recordingId, owners.of(id)).map(info -> {
            RecordingInfo checked = checked(info, id, () -> unavailable(id));
            if (!checked.id().equals(recordingId)) {
                throw agents.unavailable(id, "the description of another recording");
            }
            return checked;
        });
    }

    @Override
    public Download download(Workspace workspace, RecordingInfo info) {
        String id = requireRunning(workspace);
        HttpRequest.Builder request = HttpRequest.newBuilder(agents.recordingUri(id, info.id()))
                .timeout(agents.settings().requestTimeout()).header("Accept", ASCIICAST).GET();
        HttpResponse<InputStream> reply = agents.exchange(request, id, owners.of(id));
        InputStream body = reply.body();
        try {
            if (reply.statusCode() != 200) {
                byte[] error = body.readNBytes(BoundedBody.MAX_BYTES + 1);
                throw AgentRefusals.of(id, reply.statusCode(), error.length > BoundedBody.MAX_BYTES ? Optional.empty()
                        : AgentRefusals.error(error), () -> unavailable(id));
            }
            String type = reply.headers().firstValue("content-type").orElse("");
            String length = reply.headers().firstValue("content-length").orElse("");
            if (!type.startsWith(ASCIICAST) || !LENGTH.matcher(length).matches()) {
                throw agents.unavailable(id, "a recording without its type or length");
            }
            return new Download(Long.parseLong(length), stream(body, Long.parseLong(length)));
        } catch (IOException e) {
            closeQuietly(body);
            throw agents.unavailable(id, e.toString());
        } catch (RuntimeException e) {
            closeQuietly(body);
            throw e;
        }
    }

    /**
     * A description from an agent, if it is one of a recording of this workspace: a well-formed id
     * and terminal id, a start, a size and counts that can be. Anything else means the agent is broken.
     */
    static RecordingInfo checked(RecordingInfo info, String workspaceId, Supplier<ApiException> broken) {
        if (info == null || !RecordingIds.isWellFormed(info.id()) || !workspaceId.equals(info.workspace())
                || !TerminalIds.isWellFormed(info.terminal()) || info.startedAt() == null
                || (info.endedAt() != null && info.endedAt().isBefore(info.startedAt()))
                || info.cols() < TerminalLimits.MIN_COLS || info.cols() > TerminalLimits.MAX_COLS
                || info.rows() < TerminalLimits.MIN_ROWS || info.rows() > TerminalLimits.MAX_ROWS
                || info.bytes() < 0 || info.unrecordedBytes() < 0) {
            throw broken.get();
        }
        return info;
    }

    private static String requireRunning(Workspace workspace) {
        if (workspace.status() != WorkspaceStatus.RUNNING) {
            throw ApiException.conflict("workspace_not_running", "The recordings of workspace " + workspace.id()
                    + " are kept on its volume, which only its agent reads: it is " + workspace.status().apiName()
                    + "; start it to list or download them.");
        }
        return workspace.id();
    }

    private ApiException unavailable(String workspaceId) {
        return agents.unavailable(workspaceId, "a recording answer out of shape");
    }

    /** The agent's bytes to the client as they come, and no more than the agent declared. */
    private static StreamingOutput stream(InputStream body, long length) {
        return (OutputStream out) -> {
            try (body) {
                byte[] buffer = new byte[BUFFER];
                long left = length;
                int n;
                while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        };
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Already failing: the reply is dropped either way.
        }
    }
}
