package io.coditect.store.embedded;

import io.coditect.platform.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * The embedded store's file as it was opened: the MVStore, its one map, and the identity of the
 * file (so a file replaced or removed while open is noticed before writes to it are lost).
 */
record OpenedFile(MVStore store, MVMap<byte[], byte[]> map, Object fileKey) {
    private static final String MAP_NAME = "kv";

    /** Opens (or creates) the store file, readable by the server's account only. */
    static OpenedFile open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        try {
            // Every user's sessions and history are in here: the server's account only.
            OwnerOnly.file(file);
            // Every commit is synced before the next one, so old chunks need no grace period.
            store.setRetentionTime(0);
            MVMap<byte[], byte[]> map = store.openMap(MAP_NAME, new MVMap.Builder<byte[], byte[]>()
                    .keyType(KeyType.INSTANCE)
                    .valueType(ByteArrayDataType.INSTANCE));
            return new OpenedFile(store, map, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (IOException | RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /** Why writes to this store would be lost, or null when {@code file} is still the one open. */
    String problem(Path file) {
        try {
            Object now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (!Objects.equals(now, fileKey)) {
                return "store file " + file + " was replaced while open; writes are refused until the"
                        + " original is back or the server restarts";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "store file " + file + " is missing (moved or deleted while open); writes are refused"
                    + " until it is back or the server restarts";
        } catch (IOException e) {
            return "store file " + file + " cannot be checked: " + e;
        }
    }
}
