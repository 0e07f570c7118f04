package io.coditect.terminal.attach;

import io.coditect.auth.Caller;
import java.time.Instant;

/** What an attach ticket lets through: this caller, to this terminal, until then. */
record TicketGrant(Caller caller, String workspaceId, String terminalId, Instant expiresAt) {
    /** Whether it lets an attach to that terminal through at {@code now}. */
    boolean admits(String workspace, String terminal, Instant now) {
        return expiresAt.isAfter(now) && workspaceId.equals(workspace) && terminalId.equals(terminal);
    }
}
