package io.coditect.files;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

/**
 * Where a path was found: an open handle on the directory that holds its last segment, reached
 * from the workspace's root without following any link, and the path as resolved (links inside the
 * workspace replaced by their targets). Every operation on the entry goes through the handle, so a
 * link planted in the path after it was resolved cannot redirect it. The root itself is its own
 * directory with no name.
 */
final class Located implements AutoCloseable {
    private final SecureDirectoryStream<Path> directory;
    private final FilePath path;

    Located(SecureDirectoryStream<Path> directory, FilePath path) {
        this.directory = directory;
        this.path = path;
    }

    SecureDirectoryStream<Path> directory() {
        return directory;
    }

    /** The path after resolving links inside the workspace. */
    FilePath path() {
        return path;
    }

    boolean isRoot() {
        return path.isRoot();
    }

    /** The entry's name relative to {@link #directory()}; the root has none. */
    Path name() {
        return Path.of(path.name());
    }

    /** The entry's own attributes (a link's, not its target's); empty when there is no such entry. */
    Optional<PosixFileAttributes> attributes() throws IOException {
        try {
            return Optional.of(isRoot()
                    ? directory.getFileAttributeView(PosixFileAttributeView.class).readAttributes()
                    : directory.getFileAttributeView(name(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The entry as a directory handle (no link followed); the root's is its own. */
    SecureDirectoryStream<Path> openDirectory() throws IOException {
        return isRoot() ? directory.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)
                : directory.newDirectoryStream(name(), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {
        try {
            directory.close();
        } catch (IOException e) {
            // A directory handle that fails to close has nothing left to lose.
        }
    }
}
