package io.coditect.terminal;

/**
 * What a gateway tells its agent about recording one terminal it creates there: whether to record
 * it, input too, and under which recording id (the gateway's, so that the gateway's audit event
 * names it). The gateway decides, from its deployment's and the workspace's policy
 * ({@code io.coditect.recording}); the agent's API honours it and the public API ignores it.
 */
public record RecordingRequest(boolean enabled, boolean input, String id) {
}
