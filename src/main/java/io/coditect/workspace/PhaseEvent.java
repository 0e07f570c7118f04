package io.coditect.workspace;

import java.time.Instant;

/** The data of one progress event: the workspace's new phase and when it changed. */
public record PhaseEvent(String id, String status, String progress, String reason, Instant at) {
    public static PhaseEvent of(Workspace workspace) {
        return new PhaseEvent(workspace.id(), workspace.status().apiName(),
                workspace.progress() == null ? null : workspace.progress().apiName(), workspace.reason(),
                workspace.updatedAt());
    }
}
