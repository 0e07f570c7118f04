package io.coditect.recording;

import io.coditect.platform.error.ApiException;
import io.coditect.workspace.AgentWorkspace;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The agent's recordings, for gateways only: the list, one recording's description
 * ({@code Accept: application/json}) and its asciicast text ({@code Accept: application/x-asciicast}),
 * from the agent's store on the workspace's volume. Every request came through
 * {@code workspace.AgentRequestFilter} (a gateway's service credential for this workspace); the
 * gateway checked the user and writes the audit events. Not part of the public API.
 */
@Path("/agent/v1/workspaces/{id}/recordings")
@RequestScoped
public class AgentRecordingResource {
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
    public Response download(@PathParam("id") String workspaceId, @PathParam("recordingId") String recordingId) {
        requireOwn(workspaceId);
        RecordingInfo info = found(workspaceId, recordingId);
        StreamingOutput body = out -> recordings.copy(info, out);
        return Response.ok(body, Asciicast.MEDIA_TYPE).header(HttpHeaders.CONTENT_LENGTH, info.bytes()).build();
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
