package io.coditect.files;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.auth.Caller;
import io.coditect.auth.CurrentCaller;
import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceService;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Who may touch a workspace's files: whoever may see the workspace (its owner, and admins, as
 * {@link WorkspaceService#get} decides; anyone else gets the 404 of a missing workspace), and only
 * while it runs (a gateway's workspace has no agent to serve them otherwise). The checks every file
 * resource makes before it calls {@link FileOperations}.
 */
@Immutable
public class FileAccess {
    private final WorkspaceService workspaces;
    private final CurrentCaller caller;
    private final AuditLog audit;

    @Inject
    public FileAccess(WorkspaceService workspaces, CurrentCaller caller, AuditLog audit) {
        this.workspaces = workspaces;
        this.caller = caller;
        this.audit = audit;
    }

    /**
     * Records a change to the workspace's files once {@code response} says it was made (2xx; an
     * answer relayed from an agent may be a refusal), and returns the response. There is no store
     * transaction of a file change to share: the event has its own.
     */
    public Response recorded(Response response, AuditAction action, String workspaceId, String... details) {
        if (response.getStatusInfo().getFamily() == Response.Status.Family.SUCCESSFUL) {
            Caller current = caller.get();
            AuditEvent event = audit.event(action, current.name(), current.origin()).withWorkspace(workspaceId);
            for (int index = 0; index + 1 < details.length; index += 2) {
                event = event.withDetail(details[index], details[index + 1]);
            }
            audit.record(event);
        }
        return response;
    }

    /** The workspace, if the current caller may use its files now; 404 or 409 otherwise. */
    public Workspace check(String workspaceId) {
        Workspace workspace = workspaces.get(caller.get(), workspaceId);
        if (workspace.status() != WorkspaceStatus.RUNNING) {
            throw ApiException.conflict("workspace_not_running", "Workspace " + workspaceId + " is "
                    + workspace.status().apiName() + "; start it first.");
        }
        return workspace;
    }

    /**
     * A move's or copy's body checked (both paths present and valid: 400 first, before anything is
     * looked up), then the caller as {@link #check} checks.
     */
    public TransferRequest checkTransfer(String workspaceId, TransferRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid_path", "The body must name \"from\" and \"to\".");
        }
        request.source();
        request.target();
        check(workspaceId);
        return request;
    }
}
