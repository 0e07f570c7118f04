package io.coditect.relay;

import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceRefusals;
import io.coditect.workspace.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The end user a service credential names: the workspace's owner, the only one who may reach its
 * terminals (the terminal service checked that before the call). Owners never change and ids are
 * never reused, so each is read from the store once per gateway.
 */
@ApplicationScoped
public class WorkspaceOwners {
    /** More workspaces than one gateway serves at once; past it the cache starts over. */
    private static final int MAX_CACHED = 10_000;

    private final WorkspaceRepository repository;
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** For the CDI client proxy only. */
    protected WorkspaceOwners() {
        this.repository = null;
    }

    @Inject
    public WorkspaceOwners(WorkspaceRepository repository) {
        this.repository = repository;
    }

    public String of(String workspaceId) {
        String owner = owners.get(workspaceId);
        if (owner == null) {
            owner = repository.find(workspaceId).map(Workspace::owner).orElseThrow(() -> WorkspaceRefusals.notFound(workspaceId));
            if (owners.size() >= MAX_CACHED) {
                owners.clear();
            }
            owners.put(workspaceId, owner);
        }
        return owner;
    }
}
