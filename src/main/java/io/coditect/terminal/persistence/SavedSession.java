package io.coditect.terminal.persistence;

import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A terminal session's state as the store keeps it (JSON under {@code KeyLayout.terminalState}):
 * the shell, the directory it started in (relative to the workspace) and the one it was in last
 * (absolute; relative to the workspace only when it could never be read), its exported environment and command history as the shell last reported them, the
 * screen size, when it started and was last active, and {@code offset}, the offset of the next
 * output byte. The saved output itself is stored beside it ({@link SavedOutput}).
 */
public record SavedSession(
        String id,
        String workspaceId,
        String shell,
        String startCwd,
        String cwd,
        Map<String, String> env,
        List<String> history,
        int cols,
        int rows,
        Instant startedAt,
        Instant lastActiveAt,
        long offset) {

    public SavedSession {
        env = env == null ? Map.of() : Map.copyOf(env);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** How the API lists a saved session that has not been attached since the restart. */
    TerminalInfo info(long outputStart) {
        return new TerminalInfo(id, workspaceId, shell, startCwd, cols, rows, TerminalState.RESTORABLE, null,
                outputStart, offset, 0, startedAt, lastActiveAt);
    }
}
