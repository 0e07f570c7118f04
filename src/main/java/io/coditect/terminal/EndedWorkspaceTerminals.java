package io.coditect.terminal;

import io.coditect.platform.Immutable;
import io.coditect.workspace.WorkspaceEnded;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Ends the terminals of a workspace that was stopped or deleted: nothing runs in a stopped workspace. */
@Immutable
public class EndedWorkspaceTerminals {
    private final TerminalHost host;

    @Inject
    public EndedWorkspaceTerminals(TerminalHost host) {
        this.host = host;
    }

    void onEnded(@Observes WorkspaceEnded ended) {
        host.deleteAll(ended.workspaceId());
    }
}
