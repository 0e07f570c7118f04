package io.coditect.workspace;

import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * The per-user limits on workspaces: how many one user may have, and how many of them may be
 * running at once. Every workspace that is not stopped counts as running, a failed one too: its pod
 * still holds its place on a node until it is stopped. Checked inside the transaction that makes
 * the change, so two requests at once cannot both slip under a limit.
 */
@Immutable
public class WorkspaceQuotas {
    private static final Set<WorkspaceStatus> RUNNING = Set.of(
            WorkspaceStatus.CREATING, WorkspaceStatus.STARTING, WorkspaceStatus.RUNNING, WorkspaceStatus.FAILED);

    private final int maxPerUser;
    private final int maxRunningPerUser;

    @Inject
    public WorkspaceQuotas(WorkspaceSettings settings) {
        this(settings.maxPerUser(), settings.maxRunningPerUser());
    }

    WorkspaceQuotas(int maxPerUser, int maxRunningPerUser) {
        this.maxPerUser = maxPerUser;
        this.maxRunningPerUser = maxRunningPerUser;
    }

    /** Before a new workspace, which starts on its own, is added to {@code owners}. */
    public void checkCreate(List<Workspace> owners) {
        if (owners.size() >= maxPerUser) {
            throw ApiException.conflict("workspace_quota_exceeded", "You have " + owners.size()
                    + " workspaces, and the limit is " + maxPerUser + " per user: delete one first.");
        }
        checkRunning(owners, null);
    }

    /** Before {@code workspace}, one of {@code owners}, starts. */
    public void checkStart(Workspace workspace, List<Workspace> owners) {
        checkRunning(owners, workspace.id());
    }

    private void checkRunning(List<Workspace> owners, String starting) {
        long running = owners.stream()
                .filter(w -> !w.id().equals(starting) && RUNNING.contains(w.status()))
                .count();
        if (running >= maxRunningPerUser) {
            throw ApiException.conflict("running_quota_exceeded", "You have " + running
                    + " running workspaces, and the limit is " + maxRunningPerUser
                    + " running per user: stop one first.");
        }
    }
}
