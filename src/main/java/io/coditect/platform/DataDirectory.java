package io.coditect.platform;

import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * The one directory a server writes its state to ({@link PlatformSettings#DATA_DIR}): the embedded store,
 * local workspaces, the development issuer's keys. Created on first use, each directory owner-only
 * ({@link OwnerOnly}).
 */
@Immutable
public class DataDirectory {
    private final Path root;

    @Inject
    public DataDirectory(PlatformSettings settings) {
        this.root = settings.dataDirectory();
    }

    public DataDirectory(String dataDir) {
        this.root = PlatformSettings.dataDirectory(dataDir);
    }

    public Path root() {
        return ensure(root);
    }

    /** A directory under the data dir, created if missing. */
    public Path resolve(String child) {
        return ensure(root().resolve(child));
    }

    private static Path ensure(Path directory) {
        return OwnerOnly.directory(directory);
    }
}
