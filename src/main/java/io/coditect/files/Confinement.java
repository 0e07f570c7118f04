package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a path inside one workspace's root the way {@code openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)}
 * would, with what Java offers: each directory is opened relative to the one before it
 * ({@link SecureDirectoryStream}, {@code openat} with {@code O_NOFOLLOW}), so a segment that is a
 * link, or becomes one, is never followed by the kernel. A link met on the way is read and its
 * target put in its place, and the walk starts again from the root: a target that climbs out of the
 * root, or is absolute and outside it, is refused ({@code path_outside_workspace}). The result is a
 * handle on the directory that holds the last segment, inside the root however the tree changes
 * meanwhile.
 */
final class Confinement {
    /** As Linux's MAXSYMLINKS. */
    static final int MAX_LINKS = 40;

    private final Path root;

    Confinement(Path root) {
        this.root = root;
    }

    /**
     * Locates {@code path}; when {@code followLast}, a link in its last segment is resolved too
     * (reading and writing a file), else the link itself is the entry (stat, delete, move).
     */
    Located locate(FilePath path, boolean followLast) throws IOException {
        List<String> pending = new ArrayList<>(path.segments());
        for (int links = 0; links <= MAX_LINKS; links++) {
            List<String> walked = new ArrayList<>();
            SecureDirectoryStream<Path> directory = openRoot();
            List<String> rewritten = null;
            try {
                for (int i = 0; i < pending.size() && rewritten == null; i++) {
                    String segment = pending.get(i);
                    boolean last = i == pending.size() - 1;
                    BasicFileAttributes attributes = attributes(directory, segment);
                    if (attributes != null && attributes.isSymbolicLink() && (!last || followLast)) {
                        rewritten = throughLink(walked, segment, pending.subList(i + 1, pending.size()));
                    } else if (last) {
                        walked.add(segment);
                    } else if (attributes == null) {
                        throw FileErrors.notFound(path);
                    } else if (!attributes.isDirectory()) {
                        throw FileErrors.notADirectory(new FilePath(walked).child(segment));
                    } else {
                        SecureDirectoryStream<Path> next = descend(directory, segment, path);
                        directory.close();
                        directory = next;
                        walked.add(segment);
                    }
                }
            } catch (IOException | RuntimeException e) {
                directory.close();
                throw e;
            }
            if (rewritten == null) {
                return new Located(directory, new FilePath(walked));
            }
            directory.close();
            pending = rewritten;
        }
        throw ApiException.badRequest("too_many_links",
                "Resolving " + path + " met more than " + MAX_LINKS + " symbolic links.");
    }

    /** A handle on the root directory itself. */
    SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IllegalStateException("this platform has no openat(): files cannot be confined to a workspace");
    }

    Path root() {
        return root;
    }

    /** The root's real path: links are resolved against it. */
    Path realRoot() throws IOException {
        return root.toRealPath();
    }

    private List<String> throughLink(List<String> walked, String segment, List<String> rest) throws IOException {
        Path target;
        try {
            // Only the link's text is read through a path; where it leads is walked again from the root.
            target = Files.readSymbolicLink(realRoot().resolve(String.join("/", walked.isEmpty() ? List.of(".") : walked))
                    .resolve(segment));
        } catch (NoSuchFileException e) {
            throw FileErrors.changed();
        }
        List<String> resolved = new ArrayList<>();
        if (target.isAbsolute()) {
            Path realRoot = realRoot();
            Path normalized = target.normalize();
            if (!normalized.startsWith(realRoot)) {
                throw FileErrors.outside();
            }
            realRoot.relativize(normalized).forEach(part -> addPart(resolved, part.toString()));
        } else {
            resolved.addAll(walked);
            target.forEach(part -> addPart(resolved, part.toString()));
        }
        resolved.addAll(rest);
        return resolved;
    }

    private static void addPart(List<String> resolved, String part) {
        if (part.isEmpty() || part.equals(".")) {
            return;
        }
        if (part.equals("..")) {
            if (resolved.isEmpty()) {
                throw FileErrors.outside();
            }
            resolved.remove(resolved.size() - 1);
            return;
        }
        resolved.add(part);
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> directory, String segment) throws IOException {
        try {
            return directory.getFileAttributeView(Path.of(segment), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static SecureDirectoryStream<Path> descend(SecureDirectoryStream<Path> directory, String segment, FilePath path)
            throws IOException {
        try {
            return directory.newDirectoryStream(Path.of(segment), LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw FileErrors.notFound(path);
        } catch (FileSystemException e) {
            // Checked as a directory a moment ago, now a link or a file: swapped under us.
            throw FileErrors.changed();
        }
    }
}
