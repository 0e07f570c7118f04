package io.coditect.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every audit event, for admins: {@code GET /api/v1/audit} (protocol.md, "Audit trail"). */
@Path("/v1/audit")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {
    private final AuditQuery query;

    /** For the CDI client proxy only. */
    protected AuditResource() {
        this.query = null;
    }

    @Inject
    public AuditResource(AuditQuery query) {
        this.query = query;
    }

    @GET
    @Operation(summary = "Audit events, newest first, filtered by user, workspace, action and time; cursor paging")
    public AuditPage list(@QueryParam("user") String user, @QueryParam("workspace") String workspace,
                          @QueryParam("action") String action, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                          @QueryParam("limit") String limit) {
        AuditListing listing = AuditListing.parse(user, workspace, action, from, to, cursor, limit);
        return query.page(listing.filter(), listing.cursor(), listing.limit());
    }
}
