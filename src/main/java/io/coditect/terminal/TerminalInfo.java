package io.coditect.terminal;

import java.time.Instant;

/**
 * A terminal as its host describes it. {@code cwd} is the directory it started in, relative to
 * the workspace ({@code "."} for its root); {@code offset} is the offset of the next output byte
 * and {@code ringStart} the oldest one still held for replay.
 */
public record TerminalInfo(
        String id,
        String workspaceId,
        String shell,
        String cwd,
        int cols,
        int rows,
        TerminalState state,
        Integer exitCode,
        long ringStart,
        long offset,
        int clients,
        Instant createdAt,
        Instant lastActiveAt) {
}
