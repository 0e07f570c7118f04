package io.coditect.files;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

/**
 * Opens a file for reading only if it is the regular file a confined lookup saw, and never waits
 * doing so. Java opens with a blocking {@code open()}, and opening a FIFO for reading blocks until
 * a writer comes: a user's shell could swap a checked file for a FIFO and hold a request thread
 * forever. So the file is opened here with {@code O_NONBLOCK | O_NOFOLLOW | O_NOCTTY} (a FIFO opens
 * at once, a link in the last segment is refused), checked through its descriptor to be a regular
 * file with the expected identity (device and inode), and only then opened again for reading
 * through {@code /proc/self/fd}, which reaches that very inode whatever the path names by then.
 *
 * <p>Java has no {@code openat} with these flags, so the first open goes through the resolved path;
 * the identity check is what confines it: a path redirected by a link swapped in above the file
 * opens a different inode, which is closed unread.
 */
final class RegularFiles {
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    /** 0100000 on arm64, 0400000 on x86_64. */
    private static final int O_NOFOLLOW = Platform.isARM() ? 0x8000 : 0x20000;
    private static final int ENOENT = 2;
    private static final int ELOOP = 40;

    static {
        Native.register(RegularFiles.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private RegularFiles() {
    }

    private static native int open(String path, int flags);

    private static native int close(int fd);

    /**
     * The file at {@code path} opened for reading, if it is a regular file whose {@code fileKey}
     * is {@code expected}; empty if it is anything else by now (swapped since it was looked up).
     */
    static Optional<SeekableByteChannel> open(Path path, Object expected) throws IOException {
        int fd = open(path.toString(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == ENOENT) {
                throw new NoSuchFileException(path.toString());
            }
            if (errno == ELOOP) {
                return Optional.empty(); // a link now
            }
            throw new FileSystemException(path.toString(), null, "open failed, errno " + errno);
        }
        try {
            Path opened = Path.of("/proc/self/fd/" + fd);
            PosixFileAttributes attributes = Files.readAttributes(opened, PosixFileAttributes.class);
            if (!attributes.isRegularFile() || !attributes.fileKey().equals(expected)) {
                return Optional.empty();
            }
            return Optional.of(FileChannel.open(opened, StandardOpenOption.READ));
        } finally {
            close(fd);
        }
    }
}
