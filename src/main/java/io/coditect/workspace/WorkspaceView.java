package io.coditect.workspace;

import java.time.Instant;

/** A workspace as the REST API shows it. */
public record WorkspaceView(
        String id,
        String name,
        String owner,
        String status,
        String progress,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    public static WorkspaceView of(Workspace workspace) {
        return new WorkspaceView(workspace.id(), workspace.name(), workspace.owner(), workspace.status().apiName(),
                workspace.progress() == null ? null : workspace.progress().apiName(), workspace.reason(),
                workspace.createdAt(), workspace.updatedAt());
    }
}
