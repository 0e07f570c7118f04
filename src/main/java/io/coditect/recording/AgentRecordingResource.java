package io.coditect.recording;

import io.coditect.platform.error.ApiException;
import io.coditect.workspace.AgentWorkspace;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The agent's recordings, for gateways only: the list, one recording's description
 * ({@code Accept: application/json}) and its asciicast text ({@code Accept: application/x-asciicast}),
 * whole or a piece of it ({@code ?from=<byte>&length=<bytes>}, at most {@link #MAX_PIECE_BYTES}:
 * what the gateway's copier asks for), from the agent's store on the workspace's volume. Every request came through
 * {@code workspace.AgentRequestFilter} (a gateway's service credential for this workspace); the
 * gateway checked the user and writes the audit events. Not part of the public API.
 */
@Path("/agent/v1/workspaces/{id}/recordings")
@RequestScoped
public class AgentRecordingResource {
    /** The largest piece a gateway may ask for at once. */
    public static final int MAX_PIECE_BYTES = 1 << 20;

    private final RecordingStore recordings;
    private final AgentWorkspace workspace;

    /** For the CDI client proxy only. */
    protected AgentRecordingResource() {
        this.recordings = null;
        this.workspace = null;
    }

    @Inject
    public AgentRecordingResource(RecordingStore recordings, AgentWorkspace workspace) {
        this.recordings = recordings;
        this.workspace = workspace;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public RecordingList list(@PathParam("id") String workspaceId) {
        requireOwn(workspaceId);
        return new RecordingList(recordings.list(workspaceId, RecordingResource.LIST_LIMIT));
    }

    @GET
    @Path("{recordingId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public RecordingInfo describe(@PathParam("id") String workspaceId, @PathParam("recordingId") String recordingId) {
        requireOwn(workspaceId);
        return found(workspaceId, recordingId);
    }

    @GET
    @Path("{recordingId}")
    @Produces(Asciicast.MEDIA_TYPE)
    @Operation(hidden = true)
    public Response download(@PathParam("id") String workspaceId, @PathParam("recordingId") String recordingId,
                             @QueryParam("from") Long from, @QueryParam("length") Integer length) {
        requireOwn(workspaceId);
        RecordingInfo info = found(workspaceId, recordingId);
        if ((from == null) != (length == null) || from != null && (from < 0 || length < 1 || length > MAX_PIECE_BYTES)) {
            throw ApiException.badRequest("invalid_recording_piece", "A piece of a recording needs from >= 0 and "
                    + "1 <= length <= " + MAX_PIECE_BYTES + ", both or neither.");
        }
        long start = from == null ? 0 : Math.min(from, info.bytes());
        long end = from == null ? info.bytes() : Math.min(info.bytes(), start + length);
        StreamingOutput body = out -> recordings.copy(info, start, end, out);
        return Response.ok(body, Asciicast.MEDIA_TYPE).header(HttpHeaders.CONTENT_LENGTH, end - start).build();
    }

    private RecordingInfo found(String workspaceId, String recordingId) {
        return recordings.find(workspaceId, recordingId).orElseThrow(() -> RecordingResource.notFound(workspaceId, recordingId));
    }

    /** The filter refuses other workspaces already; this keeps the resource safe on its own. */
    private void requireOwn(String workspaceId) {
        if (!workspace.serves(workspaceId)) {
            throw ApiException.notFound("workspace_not_found", "This agent serves another workspace.");
        }
    }
}
