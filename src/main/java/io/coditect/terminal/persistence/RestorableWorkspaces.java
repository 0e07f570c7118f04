package io.coditect.terminal.persistence;

import io.coditect.platform.Immutable;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.workspace.AgentWorkspace;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Whose saved terminal sessions a server brings back when it starts. A standalone server runs every
 * workspace's terminals itself: it restores the sessions of running workspaces and discards those
 * of any other (a workspace stopped or deleted while a save was under way). A gateway runs no
 * terminals. An agent restores its one workspace's sessions (it runs whenever its pod does) and
 * leaves every other workspace's alone.
 */
@Immutable
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
    private final AgentWorkspace agentWorkspace;

    @Inject
    public RestorableWorkspaces(ServerRole role, KeyValueStore store, KeyLayout keys, WorkspaceRepository workspaces,
            AgentWorkspace agentWorkspace) {
        this.role = role;
        this.store = store;
        this.keys = keys;
        this.workspaces = workspaces;
        this.agentWorkspace = agentWorkspace;
    }

    /** Reads the store; a {@link io.coditect.store.StoreUnavailableException} when it cannot. */
    public Plan plan() {
        if (role.is(Role.GATEWAY)) {
            return Plan.NOTHING;
        }
        if (role.is(Role.AGENT)) {
            // The store may be shared with other workspaces' agents: their sessions are theirs to keep.
            String own = agentWorkspace.id();
            boolean saved = store.read(tx -> !keys.terminalIds(tx, own).isEmpty());
            return new Plan(saved ? List.of(own) : List.of(), List.of());
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
