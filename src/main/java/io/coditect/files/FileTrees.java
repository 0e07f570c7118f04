package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Whole trees, walked through directory handles only (no link is ever followed): delete, and
 * stream as a zip archive (its size capped). Links, devices, sockets and pipes are left out of
 * archives. Depth is bounded, so a hostile tree cannot exhaust the stack or the server's file descriptors.
 */
final class FileTrees {
    static final int MAX_DEPTH = 128;

    private FileTrees() {
    }

    /** Deletes {@code name} in {@code parent} and everything below it. */
    static void delete(SecureDirectoryStream<Path> parent, Path name, int depth) throws IOException {
        checkDepth(depth);
        try (SecureDirectoryStream<Path> directory = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            for (Path child : names(directory)) {
                if (attributes(directory, child).isDirectory()) {
                    delete(directory, child, depth + 1);
                } else {
                    directory.deleteFile(child);
                }
            }
        }
        parent.deleteDirectory(name);
    }

    /**
     * The bytes of the regular files below {@code located} (what its zip holds before compression),
     * counted only up to {@code cap}: a tree larger than that is refused with 413 before any of it
     * is sent, and the walk stops there.
     */
    static long archiveBytes(Located located, long cap) throws IOException {
        try (SecureDirectoryStream<Path> directory = located.openDirectory()) {
            return archiveBytes(directory, 0, 0, cap);
        }
    }

    private static long archiveBytes(SecureDirectoryStream<Path> directory, long total, int depth, long cap)
            throws IOException {
        checkDepth(depth);
        for (Path child : names(directory)) {
            PosixFileAttributes attributes;
            try {
                attributes = attributes(directory, child);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (attributes.isDirectory()) {
                try (SecureDirectoryStream<Path> sub = directory.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    total = archiveBytes(sub, total, depth + 1, cap);
                }
            } else if (attributes.isRegularFile()) {
                total += attributes.size();
            }
            if (total > cap) {
                throw archiveTooLarge(cap);
            }
        }
        return total;
    }

    /**
     * Refuses a tree deeper than {@value #MAX_DEPTH} directories below {@code located} with
     * {@code 409 tree_too_deep}: one walk through directory handles, before a call that builds
     * something from the tree (a copy) has made any of it.
     */
    static void checkDepth(Located located) throws IOException {
        archiveBytes(located, Long.MAX_VALUE);
    }

    static ApiException archiveTooLarge(long cap) {
        return new ApiException(413, "archive_too_large", "The folder holds more than " + cap
                + " bytes of files, the most one archive may hold; download its parts instead.");
    }

    /**
     * Writes the directory {@code located} as a zip to {@code out}; entries are named below
     * {@code prefix/}. Files are opened as {@link RegularFiles} opens them (through {@code realRoot});
     * one that grows the archive past {@code cap} after {@link #archiveBytes} counted ends the
     * stream with an error (the client gets a cut-off download, never more than the cap).
     */
    static void zip(Located located, Path realRoot, String prefix, OutputStream out, long cap, Runnable tick)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out); SecureDirectoryStream<Path> directory = located.openDirectory()) {
            zip.setLevel(1);
            new Zipper(zip, realRoot, cap, tick).add(directory, located.path(), prefix + "/", 0);
        }
    }

    private static final class Zipper {
        private final ZipOutputStream zip;
        private final Path realRoot;
        private final Runnable tick;
        private final byte[] buffer = new byte[64 * 1024];
        private long left;

        Zipper(ZipOutputStream zip, Path realRoot, long cap, Runnable tick) {
            this.zip = zip;
            this.realRoot = realRoot;
            this.left = cap;
            this.tick = tick;
        }

        void add(SecureDirectoryStream<Path> directory, FilePath path, String prefix, int depth) throws IOException {
            checkDepth(depth);
            zip.putNextEntry(new ZipEntry(prefix));
            zip.closeEntry();
            List<Path> children = names(directory);
            children.sort(null);
            for (Path child : children) {
                PosixFileAttributes attributes;
                try {
                    attributes = attributes(directory, child);
                } catch (NoSuchFileException e) {
                    continue;
                }
                String entryName = prefix + child;
                FilePath childPath = path.child(child.toString());
                if (attributes.isDirectory()) {
                    try (SecureDirectoryStream<Path> sub = directory.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS)) {
                        add(sub, childPath, entryName + "/", depth + 1);
                    }
                } else if (attributes.isRegularFile()) {
                    addFile(childPath, entryName, attributes);
                }
            }
        }

        private void addFile(FilePath path, String entryName, PosixFileAttributes attributes) throws IOException {
            Optional<SeekableByteChannel> opened;
            try {
                opened = RegularFiles.open(realRoot.resolve(path.toString()), attributes.fileKey());
            } catch (NoSuchFileException e) {
                return; // deleted since it was listed
            }
            if (opened.isEmpty()) {
                return; // no longer that regular file: left out, as links and FIFOs are
            }
            try (InputStream in = Channels.newInputStream(opened.get())) {
                ZipEntry entry = new ZipEntry(entryName);
                entry.setLastModifiedTime(FileTime.from(attributes.lastModifiedTime().toInstant()));
                zip.putNextEntry(entry);
                for (int n; (n = in.read(buffer)) > 0; ) {
                    left -= n;
                    if (left < 0) {
                        throw new IOException("the archive outgrew its cap while it was written");
                    }
                    zip.write(buffer, 0, n);
                }
                zip.closeEntry();
                tick.run();
            }
        }
    }

    /** The names in a directory, read at once: the walk changes it (delete) or opens more handles below. */
    private static List<Path> names(SecureDirectoryStream<Path> directory) {
        List<Path> names = new ArrayList<>();
        for (Path child : directory) {
            names.add(child.getFileName());
        }
        return names;
    }

    private static PosixFileAttributes attributes(SecureDirectoryStream<Path> directory, Path child) throws IOException {
        return directory.getFileAttributeView(child, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw ApiException.conflict("tree_too_deep", "The tree is more than " + MAX_DEPTH + " directories deep.");
        }
    }
}
