package io.coditect.workspace;

/** A phase the environment of one workspace was seen in, independent of any request. */
public record Observation(String workspaceId, Phase phase) {
}
