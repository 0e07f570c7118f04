package io.coditect.terminal;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditLog;
import io.coditect.auth.Caller;
import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceService;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Who may do what with terminals: only a workspace's owner sees or touches its terminals (anyone
 * else gets the same 404 as for a missing workspace), and new terminals or attaches need the
 * workspace to be running.
 */
@Immutable
public class TerminalService {
    private final WorkspaceService workspaces;
    private final TerminalHost host;
    private final TerminalSettings settings;
    private final AuditLog audit;

    @Inject
    public TerminalService(WorkspaceService workspaces, TerminalHost host, TerminalSettings settings, AuditLog audit) {
        this.workspaces = workspaces;
        this.host = host;
        this.settings = settings;
        this.audit = audit;
    }

    public TerminalInfo create(Caller caller, String workspaceId, CreateTerminalRequest request) {
        TerminalSpec spec = TerminalRequests.validate(request, settings.shells());
        requireRunning(caller, workspaceId);
        TerminalInfo terminal = host.create(workspaceId, spec);
        recorded(AuditAction.TERMINAL_CREATE, caller, workspaceId, terminal.id());
        return terminal;
    }

    public List<TerminalInfo> list(Caller caller, String workspaceId) {
        workspaces.getOwned(caller, workspaceId);
        return host.list(workspaceId);
    }

    public TerminalInfo get(Caller caller, String workspaceId, String terminalId) {
        workspaces.getOwned(caller, workspaceId);
        return host.find(workspaceId, terminalId).orElseThrow(() -> TerminalRefusals.notFound(terminalId));
    }

    public void delete(Caller caller, String workspaceId, String terminalId) {
        workspaces.getOwned(caller, workspaceId);
        if (!host.delete(workspaceId, terminalId)) {
            throw TerminalRefusals.notFound(terminalId);
        }
        recorded(AuditAction.TERMINAL_DELETE, caller, workspaceId, terminalId);
    }

    /**
     * The event of a terminal change the host has made (there is no store transaction of the
     * change to share: a terminal is a process, in the gateway role one in the agent).
     */
    private void recorded(AuditAction action, Caller caller, String workspaceId, String terminalId) {
        audit.record(audit.event(action, caller.name(), caller.origin()).withWorkspace(workspaceId).withTerminal(terminalId));
    }

    /** Refuses unless the caller may attach to the terminal now: 404 (not theirs or missing), 409 (not running). */
    public void checkAttach(Caller caller, String workspaceId, String terminalId) {
        requireRunning(caller, workspaceId);
        if (!host.exists(workspaceId, terminalId)) {
            throw TerminalRefusals.notFound(terminalId);
        }
    }

    private void requireRunning(Caller caller, String workspaceId) {
        Workspace workspace = workspaces.getOwned(caller, workspaceId);
        if (workspace.status() != WorkspaceStatus.RUNNING) {
            throw ApiException.conflict("workspace_not_running", "Workspace " + workspaceId + " is "
                    + workspace.status().apiName() + "; start it first.");
        }
    }
}
