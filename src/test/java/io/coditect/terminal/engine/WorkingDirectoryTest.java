package io.coditect.terminal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void resolve_blank_workspaceRoot() throws Exception {
        Path root = Files.createDirectory(temp.resolve("ws"));

        WorkingDirectory cwd = WorkingDirectory.resolve(root, " ");

        assertThat(cwd.absolute()).isEqualTo(root.toRealPath());
        assertThat(cwd.relative()).isEqualTo(".");
    }

    @Test
    void resolve_relativeOrAbsoluteInside_accepted() throws Exception {
        Path root = Files.createDirectory(temp.resolve("ws"));
        Path inside = Files.createDirectories(root.resolve("a/b"));

        assertThat(WorkingDirectory.resolve(root, "a/b").relative()).isEqualTo("a/b");
        assertThat(WorkingDirectory.resolve(root, inside.toString()).relative()).isEqualTo("a/b");
        assertThat(WorkingDirectory.resolve(root, "a/b/..").relative()).isEqualTo("a");
    }

    @Test
    void resolve_escapes_refused() throws Exception {
        Path root = Files.createDirectory(temp.resolve("ws"));
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createDirectory(temp.resolve("ws-sibling"));
        Files.writeString(root.resolve("file"), "x");

        for (String escape : new String[] {"..", "../outside", "link", outside.toString(), "../ws-sibling", "file", "missing"}) {
            assertThatThrownBy(() -> WorkingDirectory.resolve(root, escape))
                    .as(escape)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_cwd"));
        }
    }
}
