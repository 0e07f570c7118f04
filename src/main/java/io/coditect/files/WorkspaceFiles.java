package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The files of one workspace, every operation confined to its root ({@link Confinement}): stat,
 * list, open for reading, make a directory, move, delete. Writing and copying are
 * {@link AtomicWriter}'s, walking whole trees {@link FileTrees}'s.
 */
public final class WorkspaceFiles {
    static final String STAGING_PREFIX = ".coditect-mkdir-";
    private final Confinement confinement;
    private final AtomicWriter writer;
    private final Runnable tick;

    WorkspaceFiles(Path root, AtomicWriter writer, Runnable tick) {
        this.confinement = new Confinement(root);
        this.writer = writer;
        this.tick = tick;
    }

    Confinement confinement() {
        return confinement;
    }

    /** The entry itself; a link is shown as a link. */
    public FileEntry stat(FilePath path) {
        try (Located located = confinement.locate(path, false)) {
            return entry(located);
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /** A page of at most {@code limit} entries after {@code cursor} (null: from the start). */
    public DirectoryListing list(FilePath path, String cursor, int limit) {
        NamePage page = new NamePage(cursor, limit);
        try (Located located = confinement.locate(path, true)) {
            PosixFileAttributes attributes = located.attributes().orElseThrow(() -> FileErrors.notFound(path));
            if (!attributes.isDirectory()) {
                throw FileErrors.notADirectory(path);
            }
            try (SecureDirectoryStream<Path> directory = located.openDirectory()) {
                for (Path child : directory) {
                    page.offer(child.getFileName().toString());
                }
                List<FileEntry> entries = new ArrayList<>(page.names().size());
                for (String name : page.names()) {
                    FileEntry entry = childEntry(directory, located.path(), name);
                    if (entry != null) {
                        entries.add(entry);
                    }
                }
                return new DirectoryListing(located.path().toString(), entries, page.nextCursor(), page.total());
            }
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /**
     * Opens a regular file for reading, without following a link in its last segment at the
     * moment of opening ({@code O_NOFOLLOW}) nor waiting on a FIFO swapped in ({@link RegularFiles}),
     * and checks afterwards that the entry is still the file whose attributes are returned.
     */
    public OpenFile open(FilePath path) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Located located = confinement.locate(path, true)) {
                PosixFileAttributes before = located.attributes().orElseThrow(() -> FileErrors.notFound(path));
                if (before.isDirectory()) {
                    throw FileErrors.isADirectory(located.path());
                }
                if (!before.isRegularFile()) {
                    throw FileErrors.notRegular(located.path());
                }
                SeekableByteChannel channel;
                try {
                    channel = RegularFiles.open(confinement.realRoot().resolve(located.path().toString()), before.fileKey())
                            .orElse(null);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw FileErrors.notFound(path);
                }
                if (channel == null) {
                    continue; // a link, a FIFO or another file since the check: resolve again
                }
                PosixFileAttributes after = located.attributes().orElse(null);
                if (after == null || !before.fileKey().equals(after.fileKey())) {
                    channel.close();
                    continue; // replaced between the check and the open
                }
                return new OpenFile(channel, FileEntry.of(located.path(), after, null));
            } catch (IOException e) {
                throw FileErrors.of(e, path);
            }
        }
        throw FileErrors.changed();
    }

    /** Writes {@code body} to the file atomically (created or replaced), at most {@code limit} bytes. */
    public WriteResult write(FilePath path, InputStream body, Precondition precondition, long limit) {
        return writer.write(confinement, path, body, precondition, limit, tick);
    }

    /** The directory (links in its path resolved inside the workspace), checked to be one. */
    public FileEntry directory(FilePath path) {
        try (Located located = confinement.locate(path, true)) {
            FileEntry entry = entry(located);
            if (!entry.isDirectory()) {
                throw FileErrors.notADirectory(path);
            }
            return entry;
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /**
     * Checks that the directory's files add up to at most {@code cap} bytes (413
     * {@code archive_too_large} otherwise), before {@link #zip} sends any of them.
     */
    public void checkArchiveSize(FilePath path, long cap) {
        try (Located located = confinement.locate(path, true)) {
            FileTrees.archiveBytes(located, cap);
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /** Refuses a directory whose tree is deeper than {@link FileTrees#MAX_DEPTH} ({@code 409 tree_too_deep}). */
    void checkTreeDepth(FilePath path) {
        try (Located located = confinement.locate(path, true)) {
            FileTrees.checkDepth(located);
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /** Streams the directory as a zip whose entries are below one folder named after it, at most {@code cap} bytes of files. */
    public void zip(FilePath path, OutputStream out, long cap) throws IOException {
        try (Located located = confinement.locate(path, true)) {
            FileTrees.zip(located, confinement.realRoot(), archiveName(located.path()), out, cap, tick);
        }
    }

    /** The name a directory's archive has: the directory's own, or "workspace" for the root. */
    public static String archiveName(FilePath path) {
        return path.isRoot() ? "workspace" : path.name();
    }

    /**
     * Copies a file, or a directory with everything in it (links and special files left out), to
     * {@code to}; an existing target is replaced (files) or merged into (directories) only with
     * {@code overwrite}. Every file is written as {@link #write} writes.
     */
    public FileEntry copy(FilePath from, FilePath to, boolean overwrite, long limit) {
        return new FileCopies(this, writer, tick).copy(from, to, overwrite, limit);
    }

    /** The entry a path leads to, links in it (the last too) resolved inside the workspace. */
    public FileEntry followedEntry(FilePath path) {
        try (Located located = confinement.locate(path, true)) {
            return entry(located);
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    boolean exists(FilePath path) {
        try (Located located = confinement.locate(path, false)) {
            return located.attributes().isPresent();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /** Makes a directory; with {@code parents}, also the missing ones above it, and an existing one is fine. */
    public FileEntry mkdir(FilePath path, boolean parents) {
        if (path.isRoot()) {
            if (parents) {
                return stat(path);
            }
            throw FileErrors.exists(path);
        }
        if (parents && !path.parent().isRoot()) {
            mkdir(path.parent(), true);
        }
        try (Located located = confinement.locate(path, true)) {
            var existing = located.attributes();
            if (existing.isPresent()) {
                if (parents && existing.get().isDirectory()) {
                    return entry(located);
                }
                throw FileErrors.exists(located.path());
            }
            createDirectory(located);
            return entry(located);
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /**
     * Java has no {@code mkdirat}: the directory is made under a random name in the root (a path
     * of the server's own, with no link a user made on it) and renamed into place from the root's
     * handle to the parent's ({@code renameat}), so a link planted on the way cannot redirect it.
     * Across file systems (a mount inside the workspace) it is made through the resolved path
     * instead, and the parent handle is checked to be what that path names before and after.
     */
    void createDirectory(Located located) throws IOException {
        Path staging = Path.of(STAGING_PREFIX + UUID.randomUUID());
        Files.createDirectory(confinement.root().resolve(staging));
        try (SecureDirectoryStream<Path> root = confinement.openRoot()) {
            try {
                root.move(staging, located.directory(), located.name());
                return;
            } catch (AtomicMoveNotSupportedException e) {
                root.deleteDirectory(staging);
            } catch (IOException | RuntimeException e) {
                root.deleteDirectory(staging);
                throw e;
            }
        }
        createThroughPath(located);
    }

    private void createThroughPath(Located located) throws IOException {
        Path through = confinement.realRoot().resolve(located.path().parent().isRoot() ? "." : located.path().parent().toString());
        Object handleKey = located.directory().getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        if (!handleKey.equals(Files.readAttributes(through, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
            throw FileErrors.changed();
        }
        Path made = Files.createDirectory(through.resolve(located.path().name()));
        if (!handleKey.equals(Files.readAttributes(through, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
            Files.deleteIfExists(made);
            throw FileErrors.changed();
        }
    }

    /** Deletes a file or link (never its target), or a directory: an empty one, or with {@code recursive} any. */
    public void delete(FilePath path, boolean recursive) {
        if (path.isRoot()) {
            throw FileErrors.root();
        }
        try (Located located = confinement.locate(path, false)) {
            PosixFileAttributes attributes = located.attributes().orElseThrow(() -> FileErrors.notFound(path));
            if (!attributes.isDirectory()) {
                located.directory().deleteFile(located.name());
            } else if (recursive) {
                FileTrees.delete(located.directory(), located.name(), 0);
            } else {
                try {
                    located.directory().deleteDirectory(located.name());
                } catch (DirectoryNotEmptyException e) {
                    throw FileErrors.notEmpty(path);
                }
            }
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    /** Renames {@code from} (a link: the link itself) to {@code to}, replacing what is there only with {@code overwrite}. */
    public FileEntry move(FilePath from, FilePath to, boolean overwrite) {
        if (from.isRoot() || to.isRoot()) {
            throw FileErrors.root();
        }
        if (from.contains(to) && !from.equals(to)) {
            throw ApiException.badRequest("move_into_itself", "A directory cannot be moved into itself.");
        }
        try (Located source = confinement.locate(from, false); Located target = confinement.locate(to, false)) {
            source.attributes().orElseThrow(() -> FileErrors.notFound(from));
            var existing = target.attributes();
            if (existing.isPresent() && !overwrite) {
                throw FileErrors.exists(target.path());
            }
            if (source.path().contains(target.path())) {
                throw ApiException.badRequest("move_into_itself", "A directory cannot be moved into itself.");
            }
            source.directory().move(source.name(), target.directory(), target.name());
            return entry(target);
        } catch (IOException e) {
            throw FileErrors.of(e, from);
        }
    }

    FileEntry entry(Located located) throws IOException {
        PosixFileAttributes attributes = located.attributes().orElseThrow(() -> FileErrors.notFound(located.path()));
        return FileEntry.of(located.path(), attributes, attributes.isSymbolicLink() ? linkText(located.path()) : null);
    }

    /** A listed entry, or null when it went away since it was listed. */
    private FileEntry childEntry(SecureDirectoryStream<Path> directory, FilePath parent, String name) throws IOException {
        FilePath path = parent.child(name);
        PosixFileAttributes attributes;
        try {
            attributes = directory.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // deleted since it was listed

        }
        return FileEntry.of(path, attributes, attributes.isSymbolicLink() ? linkText(path) : null);
    }

    /** A link's text, read but never followed. */
    private String linkText(FilePath path) {
        try {
            return Files.readSymbolicLink(confinement.realRoot().resolve(path.toString())).toString();
        } catch (IOException e) {
            return null;
        }
    }
}
