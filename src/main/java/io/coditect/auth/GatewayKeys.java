package io.coditect.auth;

import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.util.List;
import java.util.logging.Logger;

/**
 * The agent's side of the service credential: the gateways' public keys it trusts, from
 * {@code coditect.agent.trusted-keys-location} (on Kubernetes, a mounted Secret with one or more
 * PEM public keys). The file is read again when it changes, so keys rotate without restarting a
 * workspace: add the new public key, roll the gateways over to the new private key, drop the old
 * public key. A file that cannot be read after a change leaves the keys as they were.
 */
@ApplicationScoped
public class GatewayKeys {
    private static final Logger LOG = Logger.getLogger(GatewayKeys.class.getName());

    private final ServerRole role;
    private final Path location;
    private volatile Loaded loaded;

    private record Loaded(FileTime modified, List<PublicKey> keys) {
    }

    /** For the CDI client proxy only. */
    protected GatewayKeys() {
        this.role = null;
        this.location = null;
    }

    @Inject
    public GatewayKeys(ServerRole role, AuthSettings settings) {
        this.role = role;
        this.location = settings.trustedKeysLocation();
    }

    GatewayKeys(ServerRole role, String location) {
        this.role = role;
        this.location = AuthSettings.location(location);
    }

    void loadAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (role.is(Role.AGENT)) {
            List<PublicKey> keys = trusted();
            if (keys.isEmpty()) {
                throw new IllegalStateException("coditect.agent.trusted-keys-location: no gateway public key in "
                        + location + "; the agent would refuse every gateway");
            }
            LOG.info(() -> "The agent trusts " + keys.size() + " gateway key(s) from " + location);
        }
    }

    /** The keys trusted now; empty when the file was never readable. */
    public List<PublicKey> trusted() {
        Loaded current = loaded;
        try {
            FileTime modified = Files.getLastModifiedTime(location);
            if (current == null || !modified.equals(current.modified())) {
                synchronized (this) {
                    current = loaded;
                    if (current == null || !modified.equals(current.modified())) {
                        current = new Loaded(modified, PemKeys.publicKeys(Files.readString(location)));
                        loaded = current;
                        LOG.info(() -> "Read the trusted gateway keys from " + location);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning(() -> "Cannot read the trusted gateway keys from " + location + ": " + e.getMessage()
                    + (loaded == null ? "" : "; the keys read before stay trusted"));
        }
        return current == null ? List.of() : current.keys();
    }
}
