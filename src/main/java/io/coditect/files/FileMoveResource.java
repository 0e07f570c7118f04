package io.coditect.files;

import io.coditect.audit.AuditAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/workspaces/{id}/file-moves} with {@code { "from", "to", "overwrite" }}: Move or rename a file or directory (a link: the link itself). */
@Path("/v1/workspaces/{id}/file-moves")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Tag(name = "files")
public class FileMoveResource {
    private final FileAccess access;
    private final FileOperations files;

    /** For the CDI client proxy only. */
    protected FileMoveResource() {
        this.access = null;
        this.files = null;
    }

    @Inject
    public FileMoveResource(FileAccess access, FileOperations files) {
        this.access = access;
        this.files = files;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move or rename a file or directory (a link: the link itself)")
    public Response move(@PathParam("id") String workspaceId, TransferRequest request) {
        TransferRequest move = access.checkTransfer(workspaceId, request);
        return access.recorded(files.move(workspaceId, move), AuditAction.FILE_MOVE, workspaceId,
                "from", move.source().toString(), "path", move.target().toString());
    }
}
