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
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The gateway's side of the service credential: signs one for each request and attach it sends to
 * an agent ({@link ServiceCredentials}), with the private key from
 * {@code coditect.gateway.signing-key-location} (on Kubernetes, a mounted Secret). Read once, when a
 * gateway starts, so a missing or unreadable key stops it at once; the other roles never read it.
 */
@ApplicationScoped
public class ServiceCredentialIssuer {
    private static final Logger LOG = Logger.getLogger(ServiceCredentialIssuer.class.getName());

    private final ServerRole role;
    private final Path location;
    private final Duration lifetime;
    private final Clock clock;
    private volatile PrivateKey key;

    /** For the CDI client proxy only. */
    protected ServiceCredentialIssuer() {
        this.role = null;
        this.location = null;
        this.lifetime = null;
        this.clock = null;
    }

    @Inject
    public ServiceCredentialIssuer(ServerRole role, AuthSettings settings) {
        this.role = role;
        this.location = settings.signingKeyLocation();
        this.lifetime = settings.serviceCredentialLifetime();
        this.clock = Clock.systemUTC();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(ServiceCredentials.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("coditect.gateway.service-credential-seconds must be from 1 to "
                    + ServiceCredentials.MAX_LIFETIME.toSeconds());
        }
    }

    void loadAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (role.is(Role.GATEWAY)) {
            key();
            LOG.info(() -> "Service credentials for the agents are signed with the key in " + location);
        }
    }

    /** A credential for {@code user} towards the agent of {@code workspaceId}. */
    public String issue(String workspaceId, String user) {
        return ServiceCredentials.issue(key(), workspaceId, user, clock.instant(), lifetime);
    }

    private PrivateKey key() {
        PrivateKey loaded = key;
        if (loaded == null) {
            try {
                loaded = PemKeys.privateKey(Files.readString(location));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("coditect.gateway.signing-key-location: cannot read the gateway's "
                        + "signing key from " + location + " (" + e.getMessage() + ")", e);
            }
            key = loaded;
        }
        return loaded;
    }
}
