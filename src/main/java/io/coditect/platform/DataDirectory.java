package io.coditect.platform;

import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one directory a server writes its state to ({@code coditect.data-dir}): the embedded store,
 * local workspaces, the development issuer's keys. Created on first use, each directory owner-only
 * ({@link OwnerOnly}).
 */
@Immutable
public class DataDirectory {
    private final Path root;

    @Inject
    public DataDirectory(@ConfigProperty(name = "coditect.data-dir") String dataDir) {
        this.root = Path.of(dataDir).toAbsolutePath().normalize();
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
