package io.coditect.workspace;

import io.coditect.auth.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The workspaces of the caller (admins: anyone's), {@code /api/v1/workspaces}. */
@Path("/v1/workspaces")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "workspaces")
public class WorkspaceResource {
    private final WorkspaceService workspaces;
    private final CurrentCaller caller;
    private final StuckWorkspaces stuck;

    /** For the CDI client proxy only. */
    protected WorkspaceResource() {
        this.workspaces = null;
        this.caller = null;
        this.stuck = null;
    }

    @Inject
    public WorkspaceResource(WorkspaceService workspaces, CurrentCaller caller, StuckWorkspaces stuck) {
        this.workspaces = workspaces;
        this.caller = caller;
        this.stuck = stuck;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @io.coditect.auth.RateLimited("create")
    @Operation(summary = "Create a workspace; it starts on its own")
    public Response create(CreateWorkspaceRequest request, @Context UriInfo uri) {
        Workspace workspace = workspaces.create(caller.get(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(workspace.id()).build())
                .entity(WorkspaceView.of(workspace)).build();
    }

    @GET
    @Operation(summary = "List the caller's workspaces (admins: all=true for everyone's)")
    public List<WorkspaceView> list(@QueryParam("all") boolean all) {
        return workspaces.list(caller.get(), all).stream().map(WorkspaceView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read one workspace")
    public WorkspaceView get(@PathParam("id") String id) {
        return WorkspaceView.of(workspaces.get(caller.get(), id));
    }

    @POST
    @Path("{id}/start")
    @Operation(summary = "Start a stopped or failed workspace")
    public WorkspaceView start(@PathParam("id") String id) {
        stuck.settle(id);
        return WorkspaceView.of(workspaces.start(caller.get(), id));
    }

    @POST
    @Path("{id}/stop")
    @Operation(summary = "Stop a workspace; its files are kept")
    public WorkspaceView stop(@PathParam("id") String id) {
        stuck.settle(id);
        return WorkspaceView.of(workspaces.stop(caller.get(), id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a workspace and its files")
    public Response delete(@PathParam("id") String id) {
        workspaces.delete(caller.get(), id);
        return Response.noContent().build();
    }
}
