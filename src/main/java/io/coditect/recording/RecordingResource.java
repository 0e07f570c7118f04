package io.coditect.recording;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditLog;
import io.coditect.auth.Caller;
import io.coditect.auth.CurrentCaller;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A workspace's session recordings, for its owner and admins: {@code GET /api/v1/workspaces/{id}/recordings}
 * lists them, {@code .../recordings/{recordingId}} downloads one as asciicast v2. Anyone else gets
 * the 404 of a workspace that does not exist (recorded as a refusal).
 */
@Path("/v1/workspaces/{id}/recordings")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Tag(name = "recordings")
public class RecordingResource {
    /** How many recordings a listing returns at most, newest first. */
    static final int LIST_LIMIT = 100;

    private final WorkspaceService workspaces;
    private final CurrentCaller caller;
    private final Recordings recordings;
    private final AuditLog audit;

    /** For the CDI client proxy only. */
    protected RecordingResource() {
        this.workspaces = null;
        this.caller = null;
        this.recordings = null;
        this.audit = null;
    }

    @Inject
    public RecordingResource(WorkspaceService workspaces, CurrentCaller caller, Recordings recordings, AuditLog audit) {
        this.workspaces = workspaces;
        this.caller = caller;
        this.recordings = recordings;
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The workspace's session recordings, newest first (at most 100)")
    public RecordingList list(@PathParam("id") String id) {
        Workspace workspace = workspaces.get(caller.get(), id);
        return new RecordingList(recordings.list(workspace, LIST_LIMIT));
    }

    @GET
    @Path("{recordingId}")
    @Produces({Asciicast.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "One recording as asciicast v2, streamed from where it is kept")
    public Response download(@PathParam("id") String id, @PathParam("recordingId") String recordingId) {
        Caller who = caller.get();
        Workspace workspace = workspaces.get(who, id);
        RecordingInfo info = recordings.find(workspace, recordingId).orElseThrow(() -> notFound(workspace.id(), recordingId));
        Recordings.Download download = recordings.download(workspace, info);
        audit.record(audit.event(AuditAction.RECORDING_DOWNLOAD, who.name(), who.origin())
                .withWorkspace(workspace.id()).withTerminal(info.terminal()).withDetail("recording", info.id()));
        return Response.ok(download.body(), Asciicast.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + info.id() + ".cast\"")
                .header(HttpHeaders.CONTENT_LENGTH, download.length())
                .build();
    }

    /** The refusal of a recording id the workspace does not have: the one home of its code. */
    public static ApiException notFound(String workspaceId, String recordingId) {
        return ApiException.notFound("recording_not_found", "Workspace " + workspaceId + " has no recording " + recordingId + ".");
    }
}
