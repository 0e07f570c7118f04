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

/** {@code POST /api/v1/workspaces/{id}/file-copies} with {@code { "from", "to", "overwrite" }}: Copy a file, or a directory with what is in it (links left out). */
@Path("/v1/workspaces/{id}/file-copies")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Tag(name = "files")
public class FileCopyResource {
    private final FileAccess access;
    private final FileOperations files;

    /** For the CDI client proxy only. */
    protected FileCopyResource() {
        this.access = null;
        this.files = null;
    }

    @Inject
    public FileCopyResource(FileAccess access, FileOperations files) {
        this.access = access;
        this.files = files;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Copy a file, or a directory with what is in it (links left out)")
    public Response copy(@PathParam("id") String workspaceId, TransferRequest request) {
        TransferRequest copy = access.checkTransfer(workspaceId, request);
        return access.recorded(files.copy(workspaceId, copy), AuditAction.FILE_WRITE, workspaceId,
                "from", copy.source().toString(), "path", copy.target().toString(), "type", "copy");
    }
}
