package io.coditect.terminal;

import io.coditect.platform.error.ApiException;
import io.coditect.workspace.AgentWorkspace;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The agent's terminal API, for gateways only: the same calls and bodies as the public one, on
 * the agent's own workspace, without workspace records (the gateway checked the user). Every
 * request came through {@code workspace.AgentRequestFilter}, which let through only a gateway's service
 * credential for this workspace; its end user is logged for audit. Not part of the public API.
 */
@Path("/agent/v1/workspaces/{id}/terminals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AgentTerminalResource {
    private static final Logger LOG = Logger.getLogger(AgentTerminalResource.class.getName());

    private final TerminalHost host;
    private final TerminalSettings settings;
    private final AgentWorkspace workspace;

    /** For the CDI client proxy only. */
    protected AgentTerminalResource() {
        this.host = null;
        this.settings = null;
        this.workspace = null;
    }

    @Inject
    public AgentTerminalResource(TerminalHost host, TerminalSettings settings, AgentWorkspace workspace) {
        this.host = host;
        this.settings = settings;
        this.workspace = workspace;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response create(@PathParam("id") String workspaceId, CreateTerminalRequest request, @Context UriInfo uri,
            @Context HttpServletRequest servlet) {
        requireOwn(workspaceId);
        // The gateway's word on recording is honoured here only: the public API drops it.
        TerminalInfo terminal = host.create(workspaceId, TerminalRequests.validate(request, settings.shells())
                .withRecording(request == null ? null : request.recording()));
        LOG.info(() -> "Terminal " + terminal.id() + " started for " + user(servlet) + " through a gateway");
        return Response.created(uri.getAbsolutePathBuilder().path(terminal.id()).build())
                .entity(TerminalView.of(terminal)).build();
    }

    @GET
    @Operation(hidden = true)
    public List<TerminalView> list(@PathParam("id") String workspaceId) {
        requireOwn(workspaceId);
        return host.list(workspaceId).stream().map(TerminalView::of).toList();
    }

    @GET
    @Path("{tid}")
    @Operation(hidden = true)
    public TerminalView get(@PathParam("id") String workspaceId, @PathParam("tid") String terminalId) {
        requireOwn(workspaceId);
        return TerminalView.of(host.find(workspaceId, terminalId).orElseThrow(() -> TerminalRefusals.notFound(terminalId)));
    }

    @DELETE
    @Path("{tid}")
    @Operation(hidden = true)
    public Response delete(@PathParam("id") String workspaceId, @PathParam("tid") String terminalId,
            @Context HttpServletRequest servlet) {
        requireOwn(workspaceId);
        if (!host.delete(workspaceId, terminalId)) {
            throw TerminalRefusals.notFound(terminalId);
        }
        LOG.info(() -> "Terminal " + terminalId + " deleted for " + user(servlet) + " through a gateway");
        return Response.noContent().build();
    }

    /** The filter refuses other workspaces already; this keeps the resource safe on its own. */
    private void requireOwn(String workspaceId) {
        if (!workspace.serves(workspaceId)) {
            throw ApiException.notFound("workspace_not_found", "This agent serves another workspace.");
        }
    }

    private static String user(HttpServletRequest servlet) {
        return servlet.getUserPrincipal() == null ? "(unknown)" : servlet.getUserPrincipal().getName();
    }
}
