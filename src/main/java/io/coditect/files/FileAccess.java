package io.coditect.files;

import io.coditect.auth.Caller;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceService;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may touch a workspace's files: whoever may see the workspace (its owner, and admins, as
 * {@link WorkspaceService#get} decides; anyone else gets the 404 of a missing workspace), and only
 * while it runs (a gateway's workspace has no agent to serve them otherwise).
 */
@ApplicationScoped
public class FileAccess {
    private final WorkspaceService workspaces;

    /** For the CDI client proxy only. */
    protected FileAccess() {
        this.workspaces = null;
    }

    @Inject
    public FileAccess(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** The workspace, if the caller may use its files now; 404 or 409 otherwise. */
    public Workspace check(Caller caller, String workspaceId) {
        Workspace workspace = workspaces.get(caller, workspaceId);
        if (workspace.status() != WorkspaceStatus.RUNNING) {
            throw ApiException.conflict("workspace_not_running", "Workspace " + workspaceId + " is "
                    + workspace.status().apiName() + "; start it first.");
        }
        return workspace;
    }
}
