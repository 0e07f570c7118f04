package io.coditect.workspace;

import io.coditect.auth.Caller;
import io.coditect.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.metrics.annotation.Counted;

/**
 * The workspace life cycle, and the one place that decides who may see a workspace: its owner,
 * and admins for reading. Everyone else is told it does not exist, so ids cannot be probed.
 */
@ApplicationScoped
public class WorkspaceService {
    private final WorkspaceRepository repository;
    private final Provisioner provisioner;
    private final Clock clock;

    /** For the CDI client proxy only. */
    protected WorkspaceService() {
        this.repository = null;
        this.provisioner = null;
        this.clock = null;
    }

    @Inject
    public WorkspaceService(WorkspaceRepository repository, LocalProvisioner provisioner) {
        this(repository, provisioner, Clock.systemUTC());
    }

    WorkspaceService(WorkspaceRepository repository, Provisioner provisioner, Clock clock) {
        this.repository = repository;
        this.provisioner = provisioner;
        this.clock = clock;
    }

    @Counted(name = "coditect.workspaces.created", absolute = true,
            description = "Workspaces created since the server started")
    public Workspace create(Caller caller, CreateWorkspaceRequest request) {
        String name = WorkspaceNames.validate(request == null ? null : request.name());
        Instant now = clock.instant();
        Workspace workspace = new Workspace(WorkspaceIds.generate(), name, caller.name(),
                WorkspaceStatus.CREATING, null, now, now);
        repository.save(workspace);
        provisioner.create(workspace);
        Workspace running = workspace.withStatus(WorkspaceStatus.RUNNING, null, clock.instant());
        repository.save(running);
        return running;
    }

    public List<Workspace> list(Caller caller, boolean all) {
        return all && caller.isAdmin() ? repository.listAll() : repository.listByOwner(caller.name());
    }

    /** The workspace if the caller may read it; 404 otherwise. */
    public Workspace get(Caller caller, String id) {
        Workspace workspace = find(id);
        if (!workspace.owner().equals(caller.name()) && !caller.isAdmin()) {
            throw notFound(id);
        }
        return workspace;
    }

    /** The workspace if the caller owns it (changes are for owners only); 404 otherwise. */
    public Workspace getOwned(Caller caller, String id) {
        Workspace workspace = find(id);
        if (!workspace.owner().equals(caller.name())) {
            throw notFound(id);
        }
        return workspace;
    }

    public Workspace start(Caller caller, String id) {
        Workspace workspace = getOwned(caller, id);
        if (workspace.status() == WorkspaceStatus.DELETING) {
            throw ApiException.conflict("workspace_deleting", "Workspace " + id + " is being deleted.");
        }
        provisioner.start(workspace);
        Workspace running = workspace.withStatus(WorkspaceStatus.RUNNING, null, clock.instant());
        repository.save(running);
        return running;
    }

    public Workspace stop(Caller caller, String id) {
        Workspace workspace = getOwned(caller, id);
        if (workspace.status() == WorkspaceStatus.DELETING) {
            throw ApiException.conflict("workspace_deleting", "Workspace " + id + " is being deleted.");
        }
        provisioner.stop(workspace);
        Workspace stopped = workspace.withStatus(WorkspaceStatus.STOPPED, null, clock.instant());
        repository.save(stopped);
        return stopped;
    }

    public void delete(Caller caller, String id) {
        Workspace workspace = getOwned(caller, id);
        repository.save(workspace.withStatus(WorkspaceStatus.DELETING, null, clock.instant()));
        provisioner.delete(workspace);
        repository.delete(workspace);
    }

    private Workspace find(String id) {
        if (!WorkspaceIds.isWellFormed(id)) {
            throw notFound(id);
        }
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("workspace_not_found", "There is no workspace " + id + ".");
    }
}
