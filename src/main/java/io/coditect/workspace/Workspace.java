package io.coditect.workspace;

import java.time.Instant;

/**
 * A user's persistent place for files and terminals, as stored. {@code startedAt} is when it was
 * last asked to start (created or started), for the time to running and the idle-stop rule.
 */
public record Workspace(
        String id,
        String name,
        String owner,
        WorkspaceStatus status,
        Progress progress,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt) {

    public Phase phase() {
        return new Phase(status, progress, reason);
    }

    public Workspace withPhase(Phase phase, Instant at) {
        return new Workspace(id, name, owner, phase.status(), phase.progress(), phase.reason(), createdAt, at, startedAt);
    }

    /** Asked to start at {@code at}: starting, from its first step. */
    public Workspace starting(Instant at) {
        return new Workspace(id, name, owner, WorkspaceStatus.STARTING, Progress.SCHEDULING, null, createdAt, at, at);
    }
}
