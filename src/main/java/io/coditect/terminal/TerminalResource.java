package io.coditect.terminal;

import io.coditect.auth.CurrentCaller;
import io.coditect.auth.RateLimited;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A workspace's terminals; attaching is the WebSocket {@code .../terminals/{tid}/attach}. */
@Path("/v1/workspaces/{id}/terminals")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "terminals")
public class TerminalResource {
    private final TerminalService terminals;
    private final CurrentCaller caller;

    /** For the CDI client proxy only. */
    protected TerminalResource() {
        this.terminals = null;
        this.caller = null;
    }

    @Inject
    public TerminalResource(TerminalService terminals, CurrentCaller caller) {
        this.terminals = terminals;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited("create")
    @Operation(summary = "Start a terminal in a running workspace")
    public Response create(@PathParam("id") String workspaceId, CreateTerminalRequest request, @Context UriInfo uri) {
        TerminalInfo terminal = terminals.create(caller.get(), workspaceId, request);
        return Response.created(uri.getAbsolutePathBuilder().path(terminal.id()).build())
                .entity(TerminalView.of(terminal)).build();
    }

    @GET
    @Operation(summary = "List a workspace's terminals")
    public List<TerminalView> list(@PathParam("id") String workspaceId) {
        return terminals.list(caller.get(), workspaceId).stream().map(TerminalView::of).toList();
    }

    @GET
    @Path("{tid}")
    @Operation(summary = "Read one terminal")
    public TerminalView get(@PathParam("id") String workspaceId, @PathParam("tid") String terminalId) {
        return TerminalView.of(terminals.get(caller.get(), workspaceId, terminalId));
    }

    @DELETE
    @Path("{tid}")
    @Operation(summary = "End a terminal and its process group")
    public Response delete(@PathParam("id") String workspaceId, @PathParam("tid") String terminalId) {
        terminals.delete(caller.get(), workspaceId, terminalId);
        return Response.noContent().build();
    }
}
