package io.coditect.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * State only the server's own account may read: its data directory (every user's saved sessions
 * and history, the development issuer's key) is {@code 0700} and its files {@code 0600}, whatever
 * the umask, so other accounts on a shared machine see nothing. Where the file system has no
 * POSIX permissions, nothing is changed.
 */
public final class OwnerOnly {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code directory} (and missing parents) if needed and makes it owner-only. */
    public static Path directory(Path directory) {
        try {
            if (!isPosix()) {
                return Files.createDirectories(directory);
            }
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            if (!Files.getPosixFilePermissions(directory).equals(DIRECTORY)) {
                Files.setPosixFilePermissions(directory, DIRECTORY);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the owner-only directory " + directory, e);
        }
    }

    /** Makes an existing {@code file} readable and writable by its owner only. */
    public static void file(Path file) throws IOException {
        if (isPosix() && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
