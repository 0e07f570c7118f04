package io.coditect.terminal;

import java.util.Map;

/**
 * What to start: the shell (an absolute path from the allowed list), the working directory as the
 * client asked for it (relative to the workspace, or absolute inside it), the screen size and
 * extra environment variables.
 */
public record TerminalSpec(String shell, String cwd, int cols, int rows, Map<String, String> env) {
    public TerminalSpec {
        env = Map.copyOf(env);
    }
}
