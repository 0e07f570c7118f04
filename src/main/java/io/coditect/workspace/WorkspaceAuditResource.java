package io.coditect.workspace;

import io.coditect.audit.AuditListing;
import io.coditect.audit.AuditPage;
import io.coditect.audit.AuditQuery;
import io.coditect.auth.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One workspace's audit events, for its owner: {@code GET /api/v1/workspaces/{id}/audit}; anyone
 * else gets the 404 of a workspace that does not exist (admins read the global listing).
 */
@Path("/v1/workspaces/{id}/audit")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class WorkspaceAuditResource {
    private final WorkspaceService workspaces;
    private final CurrentCaller caller;
    private final AuditQuery query;

    /** For the CDI client proxy only. */
    protected WorkspaceAuditResource() {
        this.workspaces = null;
        this.caller = null;
        this.query = null;
    }

    @Inject
    public WorkspaceAuditResource(WorkspaceService workspaces, CurrentCaller caller, AuditQuery query) {
        this.workspaces = workspaces;
        this.caller = caller;
        this.query = query;
    }

    @GET
    @Operation(summary = "The workspace's audit events, newest first, filtered by action and time; cursor paging")
    public AuditPage list(@PathParam("id") String id, @QueryParam("action") String action,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Workspace workspace = workspaces.getOwned(caller.get(), id);
        AuditListing listing = AuditListing.parse(null, workspace.id(), action, from, to, cursor, limit);
        return query.pageOfWorkspace(workspace.id(), listing.filter(), listing.cursor(), listing.limit());
    }
}
