package io.coditect.relay;

import io.coditect.platform.Immutable;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.recording.RecordingStore;
import io.coditect.recording.Recordings;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The {@link Recordings} of this server's role: a gateway serves its copies of the agents'
 * recordings ({@link CopiedRecordings}), a standalone server and an agent read their own store.
 */
@Immutable
public class RecordingsProducer {
    private final ServerRole role;
    private final Instance<RecordingStore> local;
    private final Instance<CopiedRecordings> remote;

    @Inject
    public RecordingsProducer(ServerRole role, Instance<RecordingStore> local, Instance<CopiedRecordings> remote) {
        this.role = role;
        this.local = local;
        this.remote = remote;
    }

    @Produces
    public Recordings recordings() {
        return role.is(Role.GATEWAY) ? remote.get() : local.get();
    }
}
