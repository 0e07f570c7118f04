package io.coditect.workspace;

import io.coditect.auth.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A workspace's progress as server-sent events, {@code /api/v1/workspaces/{id}/events}. */
@Path("/v1/workspaces/{id}/events")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Tag(name = "workspaces")
public class WorkspaceEventsResource {
    private final WorkspaceService workspaces;
    private final WorkspaceRepository repository;
    private final WorkspaceProgress progress;
    private final CurrentCaller caller;

    /** For the CDI client proxy only. */
    protected WorkspaceEventsResource() {
        this.workspaces = null;
        this.repository = null;
        this.progress = null;
        this.caller = null;
    }

    @Inject
    public WorkspaceEventsResource(WorkspaceService workspaces, WorkspaceRepository repository,
                                   WorkspaceProgress progress, CurrentCaller caller) {
        this.workspaces = workspaces;
        this.repository = repository;
        this.progress = progress;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow a workspace's phases until it is running or failed")
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        Workspace current = workspaces.get(caller.get(), id);
        progress.open(caller.get().name(), current, () -> repository.find(id), sink, sse);
    }
}
