package io.coditect.workspace;

/**
 * A workspace stopped or went away: whatever ran in it (its terminals) must end. A CDI event, so
 * the packages that run things in a workspace observe it without the workspace package knowing them.
 */
public record WorkspaceEnded(String workspaceId, boolean deleted) {
}
