package io.coditect.workspace;

import io.coditect.platform.error.ApiException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The refusals of workspace requests, whichever role's code meets them first. */
public final class WorkspaceRefusals {
    /** The error code of a workspace that does not exist, or that the caller may not see. */
    public static final String NOT_FOUND = "workspace_not_found";

    private static final Logger LOG = Logger.getLogger(WorkspaceRefusals.class.getName());

    private WorkspaceRefusals() {
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound(NOT_FOUND, "There is no workspace " + id + ".");
    }

    static ApiException deleting(String id) {
        return ApiException.conflict("workspace_deleting", "Workspace " + id + " is being deleted.");
    }

    static ApiException busy(Workspace workspace) {
        return ApiException.conflict("workspace_busy", "Workspace " + workspace.id() + " is "
                + workspace.status().apiName() + "; try again when that has finished.");
    }

    /** A provisioner call that failed: 503 when trying again may help, else 500 (an operator must act). */
    static ApiException provisioningFailed(String action, String id, ProvisioningException e) {
        if (e.retryable()) {
            LOG.log(Level.INFO, () -> "Could not " + action + " workspace " + id + " (retryable): " + e.getMessage());
            return ApiException.unavailable("provisioner_unavailable", e.getMessage());
        }
        LOG.log(Level.WARNING, e, () -> "Could not " + action + " workspace " + id);
        return new ApiException(500, "provisioning_failed", e.getMessage());
    }
}
