package io.coditect.terminal;

import io.coditect.platform.error.ApiException;

/** The refusals every terminal host shares, whether its terminals run here or in an agent. */
public final class TerminalRefusals {
    /** The error code of a terminal that does not exist (any more); an agent's 404 with it means the same. */
    public static final String NOT_FOUND = "terminal_not_found";

    private TerminalRefusals() {
    }

    public static ApiException notFound(String terminalId) {
        return ApiException.notFound(NOT_FOUND, "There is no terminal " + terminalId + ".");
    }

    /** An attach that came as the terminal was being closed. */
    public static ApiException closed() {
        return ApiException.notFound(NOT_FOUND, "The terminal has been closed.");
    }

    /** Refuses one terminal too many (409) when the workspace has {@code count} of at most {@code max}. */
    public static void checkRoom(String workspaceId, long count, int max) {
        if (count >= max) {
            throw ApiException.conflict("terminal_limit_reached", "Workspace " + workspaceId + " already has "
                    + count + " terminals, the most allowed (coditect.terminal.max-per-workspace); delete one first.");
        }
    }
}
