package io.coditect.files;

import io.coditect.platform.Immutable;
import io.coditect.workspace.LocalProvisioner;
import io.coditect.workspace.WorkspaceActivity;
import jakarta.inject.Inject;

/**
 * The files of the workspaces on this machine (a standalone server's, an agent's one): each
 * workspace's directory as {@link WorkspaceFiles}, whose long transfers count as activity for the
 * idle-stop rule.
 */
@Immutable
public class LocalFiles {
    private final LocalProvisioner provisioner;
    private final WorkspaceActivity activity;
    private final AtomicWriter writer = new AtomicWriter();

    @Inject
    public LocalFiles(LocalProvisioner provisioner, WorkspaceActivity activity) {
        this.provisioner = provisioner;
        this.activity = activity;
    }

    /** The workspace's files; every call to this counts as activity in it. */
    public WorkspaceFiles of(String workspaceId) {
        activity.touch(workspaceId);
        return new WorkspaceFiles(provisioner.directoryOf(workspaceId), writer, () -> activity.touch(workspaceId));
    }
}
