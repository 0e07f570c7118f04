package io.coditect.workspace;

/**
 * Where a workspace is: its status, how far a start has got, and why it failed or was stopped by
 * the server. A change of any part is one event on the progress stream.
 */
public record Phase(WorkspaceStatus status, Progress progress, String reason) {
    public static Phase of(WorkspaceStatus status) {
        return new Phase(status, null, null);
    }

    public static Phase starting(Progress progress) {
        return new Phase(WorkspaceStatus.STARTING, progress, null);
    }

    public static Phase running() {
        return new Phase(WorkspaceStatus.RUNNING, Progress.READY, null);
    }

    public static Phase failed(String reason) {
        return new Phase(WorkspaceStatus.FAILED, null, reason);
    }

    /** Whether a progress stream ends here: nothing more will happen without a new request. */
    public boolean isFinal() {
        return status == WorkspaceStatus.RUNNING || status == WorkspaceStatus.FAILED
                || status == WorkspaceStatus.DELETING;
    }
}
