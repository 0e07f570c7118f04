package io.coditect.workspace;

import java.time.Instant;

/** A user's persistent place for files and terminals, as stored. */
public record Workspace(
        String id,
        String name,
        String owner,
        WorkspaceStatus status,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    public Workspace withStatus(WorkspaceStatus newStatus, String newReason, Instant at) {
        return new Workspace(id, name, owner, newStatus, newReason, createdAt, at);
    }
}
