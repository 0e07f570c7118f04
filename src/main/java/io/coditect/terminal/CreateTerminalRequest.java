package io.coditect.terminal;

import java.util.Map;

/** The body of a create: every field is optional (80 x 24, the first allowed shell, the workspace root). */
public record CreateTerminalRequest(Integer cols, Integer rows, String shell, String cwd, Map<String, String> env) {
}
