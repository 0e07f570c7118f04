package io.coditect.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes a file so that no reader ever sees half of it: the bytes go to a temporary file beside
 * the target, created through the directory handle with {@code O_EXCL | O_NOFOLLOW}, synced, and
 * renamed over the target with {@code renameat} (atomic on one file system). A replaced file is a
 * new inode, so a hard link to another file is replaced rather than written through. The
 * precondition is checked again under a lock just before the rename, so two writers through this
 * server cannot both win.
 */
final class AtomicWriter {
    static final String TEMP_PREFIX = ".coditect-write-";
    private static final int BUFFER = 64 * 1024;
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    AtomicWriter() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    WriteResult write(Confinement confinement, FilePath path, InputStream body, Precondition precondition, long limit,
            Runnable tick) {
        if (path.isRoot()) {
            throw FileErrors.root();
        }
        try (Located located = confinement.locate(path, true)) {
            PosixFileAttributes existing = located.attributes().orElse(null);
            check(located, existing, precondition);
            Path temp = Path.of(TEMP_PREFIX + UUID.randomUUID() + ".tmp");
            String mode = existing == null ? "rw-r--r--" : PosixFilePermissions.toString(existing.permissions());
            try {
                try (SeekableByteChannel out = located.directory().newByteChannel(temp,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)))) {
                    copy(body, out, limit, tick);
                    if (out instanceof FileChannel file) {
                        file.force(true);
                    }
                }
                ReentrantLock lock = lockOf(confinement, located.path());
                lock.lock();
                try {
                    PosixFileAttributes now = located.attributes().orElse(null);
                    check(located, now, precondition);
                    located.directory().move(temp, located.directory(), located.name());
                    return new WriteResult(FileEntry.of(located.path(), located.attributes().orElseThrow(), null), now == null);
                } finally {
                    lock.unlock();
                }
            } catch (IOException | RuntimeException e) {
                deleteQuietly(located, temp);
                throw e;
            }
        } catch (IOException e) {
            throw FileErrors.of(e, path);
        }
    }

    private static void check(Located located, PosixFileAttributes existing, Precondition precondition) {
        if (existing != null && existing.isDirectory()) {
            throw FileErrors.isADirectory(located.path());
        }
        if (existing != null && !existing.isRegularFile()) {
            throw FileErrors.notRegular(located.path());
        }
        if (!precondition.allows(existing == null ? null : FileEntry.etag(existing))) {
            throw FileErrors.preconditionFailed(located.path());
        }
    }

    private static void copy(InputStream body, SeekableByteChannel out, long limit, Runnable tick) throws IOException {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long total = 0;
        long sinceTick = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw FileErrors.tooLarge(limit);
            }
            wrapped.clear().limit(n);
            while (wrapped.hasRemaining()) {
                out.write(wrapped);
            }
            sinceTick += n;
            if (sinceTick >= 16 * BUFFER) {
                tick.run();
                sinceTick = 0;
            }
        }
    }

    private ReentrantLock lockOf(Confinement confinement, FilePath path) {
        return locks[Math.floorMod(confinement.root().hashCode() * 31 + path.toString().hashCode(), STRIPES)];
    }

    private static void deleteQuietly(Located located, Path temp) {
        try {
            located.directory().deleteFile(temp);
        } catch (IOException e) {
            // Not made yet, or gone: nothing to clean up.
        }
    }
}
