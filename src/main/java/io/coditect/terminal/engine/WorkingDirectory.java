package io.coditect.terminal.engine;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a terminal starts: inside its workspace's directory, after following every symbolic link,
 * so neither {@code ..} nor a link can lead a shell out of the workspace.
 */
record WorkingDirectory(Path absolute, String relative) {

    /** Resolves {@code requested} (relative to {@code root}, or absolute; blank for the root itself). */
    static WorkingDirectory resolve(Path root, String requested) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("the workspace directory " + root + " is missing", e);
        }
        if (requested == null || requested.isBlank()) {
            return new WorkingDirectory(realRoot, ".");
        }
        Path candidate;
        try {
            Path asked = Path.of(requested);
            candidate = (asked.isAbsolute() ? asked : realRoot.resolve(asked)).toRealPath();
        } catch (InvalidPathException | IOException e) {
            throw invalid();
        }
        if (!candidate.startsWith(realRoot) || !Files.isDirectory(candidate)) {
            throw invalid();
        }
        String relative = realRoot.relativize(candidate).toString();
        return new WorkingDirectory(candidate, relative.isEmpty() ? "." : relative);
    }

    private static ApiException invalid() {
        return ApiException.badRequest("invalid_cwd",
                "\"cwd\" must name an existing directory inside the workspace.");
    }
}
