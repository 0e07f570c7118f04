package io.coditect.terminal;

import io.coditect.platform.error.ApiException;
import io.coditect.terminal.wire.TerminalLimits;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a create request and turns it into a {@link TerminalSpec}; every refusal is a 400. */
final class TerminalRequests {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int DEFAULT_COLS = 80;
    private static final int DEFAULT_ROWS = 24;

    private TerminalRequests() {
    }

    static TerminalSpec validate(CreateTerminalRequest request, List<String> allowedShells) {
        CreateTerminalRequest body = request == null ? new CreateTerminalRequest(null, null, null, null, null, null) : request;
        int cols = size(body.cols(), DEFAULT_COLS, "cols", TerminalLimits.MIN_COLS, TerminalLimits.MAX_COLS);
        int rows = size(body.rows(), DEFAULT_ROWS, "rows", TerminalLimits.MIN_ROWS, TerminalLimits.MAX_ROWS);
        String shell = body.shell() == null ? allowedShells.get(0) : body.shell();
        if (!allowedShells.contains(shell)) {
            throw ApiException.badRequest("shell_not_allowed",
                    "\"shell\" must be one of " + String.join(", ", allowedShells) + ".");
        }
        Map<String, String> env = body.env() == null ? Map.of() : body.env();
        if (env.size() > TerminalLimits.MAX_ENV_ENTRIES) {
            throw ApiException.badRequest("invalid_env",
                    "\"env\" may hold at most " + TerminalLimits.MAX_ENV_ENTRIES + " variables.");
        }
        env.forEach((name, value) -> {
            if (name == null || !ENV_NAME.matcher(name).matches() || value == null
                    || value.length() > TerminalLimits.MAX_ENV_VALUE_CHARS || value.indexOf('\0') >= 0) {
                throw ApiException.badRequest("invalid_env", "\"env\" names must be letters, digits and _ "
                        + "(not starting with a digit), values strings of at most "
                        + TerminalLimits.MAX_ENV_VALUE_CHARS + " characters without NUL.");
            }
        });
        return new TerminalSpec(shell, body.cwd(), cols, rows, env);
    }

    private static int size(Integer value, int fallback, String field, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw ApiException.badRequest("invalid_size",
                    "\"" + field + "\" must be a whole number from " + min + " to " + max + ".");
        }
        return value;
    }
}
