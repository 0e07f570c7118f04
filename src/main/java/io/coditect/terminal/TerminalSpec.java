package io.coditect.terminal;

import java.util.Map;

/**
 * What to start: the shell (an absolute path from the allowed list), the working directory as the
 * client asked for it (relative to the workspace, or absolute inside it), the screen size and
 * extra environment variables; and, in an agent, what its gateway asked of recording (null: the
 * host's own policy decides).
 */
public record TerminalSpec(String shell, String cwd, int cols, int rows, Map<String, String> env, RecordingRequest recording) {
    public TerminalSpec {
        env = Map.copyOf(env);
    }

    public TerminalSpec(String shell, String cwd, int cols, int rows, Map<String, String> env) {
        this(shell, cwd, cols, rows, env, null);
    }

    public TerminalSpec withRecording(RecordingRequest request) {
        return new TerminalSpec(shell, cwd, cols, rows, env, request);
    }
}
