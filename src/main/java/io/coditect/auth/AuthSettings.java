package io.coditect.auth;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The keys between gateway and agent (docs/configuration.md): where the gateway's signing key is
 * and how long its service credentials live ({@code coditect.gateway.signing-key-location},
 * {@code coditect.gateway.service-credential-seconds}), and where an agent finds the gateways'
 * public keys it trusts ({@code coditect.agent.trusted-keys-location}). Each value is checked by
 * the class that uses it, in the role that uses it.
 */
@Immutable
public class AuthSettings {
    private final Path signingKeyLocation;
    private final Duration serviceCredentialLifetime;
    private final Path trustedKeysLocation;

    @Inject
    public AuthSettings(
            @ConfigProperty(name = "coditect.gateway.signing-key-location") String signingKeyLocation,
            @ConfigProperty(name = "coditect.gateway.service-credential-seconds") long serviceCredentialSeconds,
            @ConfigProperty(name = "coditect.agent.trusted-keys-location") String trustedKeysLocation) {
        this.signingKeyLocation = location(signingKeyLocation);
        this.serviceCredentialLifetime = Duration.ofSeconds(serviceCredentialSeconds);
        this.trustedKeysLocation = location(trustedKeysLocation);
    }

    /** A key file's location: a path, or a {@code file:} URL's path. */
    static Path location(String configured) {
        return Path.of(configured.startsWith("file:") ? configured.substring("file:".length()) : configured);
    }

    public Path signingKeyLocation() {
        return signingKeyLocation;
    }

    public Duration serviceCredentialLifetime() {
        return serviceCredentialLifetime;
    }

    public Path trustedKeysLocation() {
        return trustedKeysLocation;
    }
}
