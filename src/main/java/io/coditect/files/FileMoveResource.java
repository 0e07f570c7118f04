package io.coditect.files;

import io.coditect.auth.CurrentCaller;
import io.coditect.platform.error.ApiException;
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
    private final CurrentCaller caller;

    /** For the CDI client proxy only. */
    protected FileMoveResource() {
        this.access = null;
        this.files = null;
        this.caller = null;
    }

    @Inject
    public FileMoveResource(FileAccess access, FileOperations files, CurrentCaller caller) {
        this.access = access;
        this.files = files;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move or rename a file or directory (a link: the link itself)")
    public Response move(@PathParam("id") String workspaceId, TransferRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid_path", "The body must name \"from\" and \"to\".");
        }
        request.source();
        request.target();
        access.check(caller.get(), workspaceId);
        return files.move(workspaceId, request);
    }
}
