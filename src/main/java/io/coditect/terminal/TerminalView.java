package io.coditect.terminal;

import java.time.Instant;
import java.util.Locale;

/** A terminal as the REST API shows it. */
public record TerminalView(
        String id,
        String workspaceId,
        String shell,
        String cwd,
        int cols,
        int rows,
        String status,
        Integer exitCode,
        long ringStart,
        long offset,
        int clients,
        Instant createdAt,
        Instant lastActiveAt) {

    static TerminalView of(TerminalInfo info) {
        return new TerminalView(info.id(), info.workspaceId(), info.shell(), info.cwd(), info.cols(), info.rows(),
                info.state().apiName(), info.exitCode(), info.ringStart(), info.offset(), info.clients(),
                info.createdAt(), info.lastActiveAt());
    }

    /** The terminal this view shows (as a gateway reads an agent's answer); an unknown status is refused. */
    public TerminalInfo info() {
        return new TerminalInfo(id, workspaceId, shell, cwd, cols, rows, TerminalState.valueOf(status.toUpperCase(Locale.ROOT)),
                exitCode, ringStart, offset, clients, createdAt, lastActiveAt);
    }
}
