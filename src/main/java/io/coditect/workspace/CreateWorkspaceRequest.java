package io.coditect.workspace;

/** {@code POST /api/v1/workspaces}. */
public record CreateWorkspaceRequest(String name) {
}
