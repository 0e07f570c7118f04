package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * protocol.md, "Files": a tree deeper than {@value FileTrees#MAX_DEPTH} directories is refused with
 * {@code 409 tree_too_deep} by the calls that walk it (a recursive delete; a copy, before it has made
 * anything); one exactly that deep is walked. (A copy of a tree that deep is not made here: each of
 * its directories is confined from the workspace's root, so it takes seconds.)
 */
class FileTreeDepthTest {
    @TempDir
    Path temp;
    WorkspaceFiles files;

    @BeforeEach
    void setUp() throws IOException {
        files = new WorkspaceFiles(Files.createDirectories(temp.resolve("ws")), new AtomicWriter(), () -> { });
    }

    /** {@code top} with {@code below} directories nested under it, the deepest holding a file. */
    private FilePath chain(String top, int below) throws IOException {
        Path directory = temp.resolve("ws").resolve(top);
        for (int i = 0; i < below; i++) {
            directory = directory.resolve("d");
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("leaf"), "leaf");
        return FilePath.parse(top);
    }

    @Test
    void delete_treeAsDeepAsTheLimit_deleted_oneDeeper_refused() throws IOException {
        FilePath atTheLimit = chain("at", 128);
        FilePath beyond = chain("beyond", 129);

        files.delete(atTheLimit, true);
        assertThat(temp.resolve("ws/at")).doesNotExist();
        assertThatThrownBy(() -> files.delete(beyond, true)).hasFieldOrPropertyWithValue("code", "tree_too_deep");
        assertThat(temp.resolve("ws/beyond")).isDirectory();
    }

    @Test
    void copy_treeDeeperThanTheLimit_refusedBeforeAnythingIsMade_oneAsDeepPassesTheCheck() throws IOException {
        FilePath atTheLimit = chain("at", 128);
        FilePath beyond = chain("beyond", 129);

        assertThatThrownBy(() -> files.copy(beyond, FilePath.parse("beyond-copy"), false, 1 << 20))
                .hasFieldOrPropertyWithValue("code", "tree_too_deep");
        assertThat(temp.resolve("ws/beyond-copy")).doesNotExist();
        files.checkTreeDepth(atTheLimit);
        files.copy(chain("shallow", 3), FilePath.parse("shallow-copy"), false, 1 << 20);
        assertThat(temp.resolve("ws/shallow-copy/d/d/d/leaf")).hasContent("leaf");
    }
}
