package io.coditect.files;

import io.coditect.platform.error.ApiException;

/** A move or copy: {@code from} to {@code to}, both workspace paths; {@code overwrite} replaces what is there. */
public record TransferRequest(String from, String to, Boolean overwrite) {
    public FilePath source() {
        return required(from, "from");
    }

    public FilePath target() {
        return required(to, "to");
    }

    public boolean replaces() {
        return Boolean.TRUE.equals(overwrite);
    }

    private static FilePath required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("invalid_path", "\"" + field + "\" must name a path in the workspace.");
        }
        return FilePath.parse(value);
    }
}
