package io.coditect.terminal.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * A terminal's state at one moment, as its host knows it: what it was started with, where its
 * shell is now, its size, when it started and was last active, and its output from {@code ringStart}
 * on (the whole ring, or the part a save needs). The environment is the one the shell was started
 * with; what the shell exported since, and its history, come from {@link ShellHooks}.
 */
public record TerminalSnapshot(
        String id,
        String workspaceId,
        String shell,
        String startCwd,
        String currentCwd,
        Map<String, String> env,
        int cols,
        int rows,
        Instant startedAt,
        Instant lastActiveAt,
        long ringStart,
        byte[] ring) {
    public TerminalSnapshot {
        env = Map.copyOf(env);
        ring = ring.clone();
    }

    @Override
    public byte[] ring() {
        return ring.clone();
    }

    /** The offset the next output byte gets. */
    public long offset() {
        return ringStart + ring.length;
    }
}
