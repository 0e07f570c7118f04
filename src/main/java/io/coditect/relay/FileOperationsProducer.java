package io.coditect.relay;

import io.coditect.files.FileOperations;
import io.coditect.files.LocalFileOperations;
import io.coditect.platform.Immutable;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The {@link FileOperations} of this server's role: a gateway relays them to the workspace's
 * agent ({@link RemoteFiles}), a standalone server and an agent work on their own disk.
 */
@Immutable
public class FileOperationsProducer {
    private final ServerRole role;
    private final Instance<LocalFileOperations> local;
    private final Instance<RemoteFiles> remote;

    @Inject
    public FileOperationsProducer(ServerRole role, Instance<LocalFileOperations> local, Instance<RemoteFiles> remote) {
        this.role = role;
        this.local = local;
        this.remote = remote;
    }

    @Produces
    public FileOperations operations() {
        return role.is(Role.GATEWAY) ? remote.get() : local.get();
    }
}
