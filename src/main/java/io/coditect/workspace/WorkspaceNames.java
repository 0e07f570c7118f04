package io.coditect.workspace;

import io.coditect.platform.error.ApiException;
import java.util.regex.Pattern;

/** The human label of a workspace: 1 to 64 letters, digits, spaces, '-', '_' or '.'. */
public final class WorkspaceNames {
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{Nd} ._-]{1,64}");

    private WorkspaceNames() {
    }

    public static String validate(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("invalid_name", "A workspace needs a name of 1 to 64 characters.");
        }
        if (!VALID.matcher(name).matches()) {
            throw ApiException.badRequest("invalid_name",
                    "A workspace name has 1 to 64 letters, digits, spaces, '-', '_' or '.'.");
        }
        return name;
    }
}
