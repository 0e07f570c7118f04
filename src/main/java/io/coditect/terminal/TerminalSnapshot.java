package io.coditect.terminal;

import java.time.Instant;
import java.util.Map;

/**
 * Everything of a terminal session worth keeping across a restart, in one value: what it was
 * started with, where its shell is now, its size, when it started and was last active, and the
 * output ring with the offset of its first byte (so a re-attach after a restore keeps offsets).
 * The command history is the shell's own: {@code HOME} is the workspace, so bash keeps it in the
 * workspace's {@code .bash_history}.
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
