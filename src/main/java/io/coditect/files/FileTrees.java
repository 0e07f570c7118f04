package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Whole trees, walked through directory handles only (no link is ever followed): delete, and
 * stream as a zip archive. Links, devices, sockets and pipes are left out of archives. Depth is
 * bounded, so a hostile tree cannot exhaust the stack or the server's file descriptors.
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

    /** Writes the directory {@code located} as a zip to {@code out}; entries are named below {@code prefix/}. */
    static void zip(Located located, String prefix, OutputStream out, Runnable tick) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out); SecureDirectoryStream<Path> directory = located.openDirectory()) {
            zip.setLevel(1);
            zip(directory, prefix + "/", zip, 0, tick);
        }
    }

    private static void zip(SecureDirectoryStream<Path> directory, String prefix, ZipOutputStream zip, int depth,
            Runnable tick) throws IOException {
        checkDepth(depth);
        ZipEntry self = new ZipEntry(prefix);
        zip.putNextEntry(self);
        zip.closeEntry();
        List<Path> children = names(directory);
        children.sort(null);
        for (Path child : children) {
            PosixFileAttributes attributes;
            try {
                attributes = attributes(directory, child);
            } catch (java.nio.file.NoSuchFileException e) {
                continue;
            }
            String entryName = prefix + child;
            if (attributes.isDirectory()) {
                try (SecureDirectoryStream<Path> sub = directory.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    zip(sub, entryName + "/", zip, depth + 1, tick);
                }
            } else if (attributes.isRegularFile()) {
                try (SeekableByteChannel channel = directory.newByteChannel(child,
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                        InputStream in = Channels.newInputStream(channel)) {
                    ZipEntry entry = new ZipEntry(entryName);
                    entry.setLastModifiedTime(FileTime.from(attributes.lastModifiedTime().toInstant()));
                    zip.putNextEntry(entry);
                    in.transferTo(zip);
                    zip.closeEntry();
                    tick.run();
                }
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
