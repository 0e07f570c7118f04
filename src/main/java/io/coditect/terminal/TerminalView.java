package io.coditect.terminal;

import java.time.Instant;

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
}
