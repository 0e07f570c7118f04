package io.coditect.auth;

import java.security.Principal;

/**
 * The caller of a WebSocket attach, checked before the upgrade, with the one terminal it was let
 * through to. The attach filter puts it on the upgrade request; the endpoint reads it back from the
 * WebSocket session.
 */
public record AttachPrincipal(Caller caller, String workspaceId, String terminalId) implements Principal {
    @Override
    public String getName() {
        return caller.name();
    }

    /** Whether this grant is for exactly that terminal. */
    public boolean grants(String workspace, String terminal) {
        return workspaceId.equals(workspace) && terminalId.equals(terminal);
    }
}
