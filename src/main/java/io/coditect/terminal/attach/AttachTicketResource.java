package io.coditect.terminal.attach;

import io.coditect.auth.Caller;
import io.coditect.auth.CurrentCaller;
import io.coditect.auth.RateLimited;
import io.coditect.terminal.TerminalService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Issues single-use attach tickets, so a browser never puts a long-lived token in a URL. */
@Path("/v1/workspaces/{id}/terminals/{tid}/tickets")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "terminals")
public class AttachTicketResource {
    private final AttachTickets tickets;
    private final TerminalService terminals;
    private final CurrentCaller caller;

    /** For the CDI client proxy only. */
    protected AttachTicketResource() {
        this.tickets = null;
        this.terminals = null;
        this.caller = null;
    }

    @Inject
    public AttachTicketResource(AttachTickets tickets, TerminalService terminals, CurrentCaller caller) {
        this.tickets = tickets;
        this.terminals = terminals;
        this.caller = caller;
    }

    @POST
    @RateLimited("token")
    @Operation(summary = "Issue a single-use, short-lived ticket for one attach to this terminal")
    public AttachTickets.Issued issue(@PathParam("id") String workspaceId, @PathParam("tid") String terminalId) {
        Caller current = caller.get();
        terminals.checkAttach(current, workspaceId, terminalId);
        return tickets.issue(current, workspaceId, terminalId);
    }
}
