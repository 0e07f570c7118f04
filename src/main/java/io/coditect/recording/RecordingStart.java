package io.coditect.recording;

import io.coditect.terminal.RecordingRequest;

/**
 * How the policy of a terminal's recording is found when it starts: the deployment's always
 * applies; then what a gateway asked for ({@code requested}), else for a restored terminal the
 * recording it was started with, else the workspace's policy. {@code audited}: whether this server
 * writes the {@code recording.start} event (an agent does not; its gateway does).
 */
record RecordingStart(RecordingPolicy deployment, RecordingRequest requested, boolean restored, boolean audited) {
}
