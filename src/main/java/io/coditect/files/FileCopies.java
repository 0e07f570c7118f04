package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy inside one workspace ({@link WorkspaceFiles#copy}): each file read through
 * {@link WorkspaceFiles#open} and written through {@link AtomicWriter}, each directory made through
 * {@link WorkspaceFiles#mkdir}, every path confined as theirs are. Links and special files are
 * left out; depth is bounded as {@link FileTrees} bounds it.
 */
final class FileCopies {
    private final WorkspaceFiles files;
    private final AtomicWriter writer;
    private final Runnable tick;

    FileCopies(WorkspaceFiles files, AtomicWriter writer, Runnable tick) {
        this.files = files;
        this.writer = writer;
        this.tick = tick;
    }

    FileEntry copy(FilePath from, FilePath to, boolean overwrite, long limit) {
        if (to.isRoot()) {
            throw FileErrors.root();
        }
        if (from.contains(to)) {
            throw ApiException.badRequest("copy_into_itself", "A directory cannot be copied into itself.");
        }
        FileEntry source = files.followedEntry(from);
        if (!overwrite && files.exists(to)) {
            throw FileErrors.exists(to);
        }
        Precondition precondition = overwrite ? Precondition.NONE : new Precondition(null, true);
        if (source.isDirectory()) {
            // Deeper than allowed: refused before any of the copy is made, not half-way down.
            files.checkTreeDepth(from);
            copyTree(from, to, precondition, limit, 0);
        } else {
            copyFile(from, to, precondition, limit);
        }
        return files.stat(to);
    }

    private void copyTree(FilePath from, FilePath to, Precondition precondition, long limit, int depth) {
        if (depth > FileTrees.MAX_DEPTH) {
            throw ApiException.conflict("tree_too_deep", "The tree is more than " + FileTrees.MAX_DEPTH + " directories deep.");
        }
        files.mkdir(to, true);
        List<String> names = new ArrayList<>();
        try (Located located = files.confinement().locate(from, true); SecureDirectoryStream<Path> directory = located.openDirectory()) {
            directory.forEach(child -> names.add(child.getFileName().toString()));
        } catch (IOException e) {
            throw FileErrors.of(e, from);
        }
        names.sort(null);
        for (String name : names) {
            FileEntry child = files.stat(from.child(name));
            if (child.isDirectory()) {
                copyTree(from.child(name), to.child(name), precondition, limit, depth + 1);
            } else if (child.isFile()) {
                copyFile(from.child(name), to.child(name), precondition, limit);
            }
        }
    }

    private void copyFile(FilePath from, FilePath to, Precondition precondition, long limit) {
        OpenFile source = files.open(from);
        try (InputStream in = Channels.newInputStream(source.channel())) {
            writer.write(files.confinement(), to, in, precondition, limit, tick);
        } catch (IOException e) {
            throw FileErrors.of(e, from);
        }
    }
}
