package io.coditect.terminal;

import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Whose saved terminal sessions a server brings back when it starts. A standalone server runs every
 * workspace's terminals itself: it restores the sessions of running workspaces and discards those
 * of any other (a workspace stopped or deleted while a save was under way). A gateway runs no
 * terminals. An agent will restore its own workspace's sessions once it knows its workspace.
 */
@ApplicationScoped
public class RestorableWorkspaces {
    /** Workspaces whose saved sessions come back, and workspaces whose saved sessions are stale. */
    public record Plan(List<String> restore, List<String> discard) {
        static final Plan NOTHING = new Plan(List.of(), List.of());

        public Plan {
            restore = List.copyOf(restore);
            discard = List.copyOf(discard);
        }
    }

    private final ServerRole role;
    private final KeyValueStore store;
    private final KeyLayout keys;
    private final WorkspaceRepository workspaces;

    /** For the CDI client proxy only. */
    protected RestorableWorkspaces() {
        this.role = null;
        this.store = null;
        this.keys = null;
        this.workspaces = null;
    }

    @Inject
    public RestorableWorkspaces(ServerRole role, KeyValueStore store, KeyLayout keys, WorkspaceRepository workspaces) {
        this.role = role;
        this.store = store;
        this.keys = keys;
        this.workspaces = workspaces;
    }

    /** Reads the store; a {@link io.coditect.store.StoreUnavailableException} when it cannot. */
    public Plan plan() {
        if (!role.is(Role.STANDALONE)) {
            return Plan.NOTHING;
        }
        List<String> withSessions = store.read(tx -> keys.workspaceIds(tx).stream()
                .filter(id -> !keys.terminalIds(tx, id).isEmpty())
                .toList());
        List<String> restore = new ArrayList<>();
        List<String> discard = new ArrayList<>();
        for (String id : withSessions) {
            boolean running = workspaces.find(id).filter(w -> w.status() == WorkspaceStatus.RUNNING).isPresent();
            (running ? restore : discard).add(id);
        }
        return new Plan(restore, discard);
    }
}
