package io.coditect.terminal.attach;

import io.coditect.auth.RateLimit;
import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The attach settings (docs/configuration.md, "Terminals"): how long an attach ticket lives, how
 * many attached WebSockets a user and a terminal may have, and how many attaches a user may make
 * per period ({@code coditect.rate-limit.attach.*}, read like every named limit by
 * {@link RateLimit#fromConfig}). Each value is checked by the class that uses it.
 */
@Immutable
public class AttachSettings {
    /** The name of the attach rate limit. */
    static final String ATTACH_RATE_LIMIT = "attach";

    private final Duration ticketLifetime;
    private final int maxAttachesPerUser;
    private final int maxClientsPerTerminal;
    private final RateLimit attachRate;

    @Inject
    public AttachSettings(@ConfigProperty(name = "coditect.auth.attach-ticket-seconds") long ticketSeconds,
            @ConfigProperty(name = "coditect.terminal.max-attaches-per-user") int maxAttachesPerUser,
            @ConfigProperty(name = "coditect.terminal.max-clients-per-terminal") int maxClientsPerTerminal,
            Config config) {
        this.ticketLifetime = Duration.ofSeconds(ticketSeconds);
        this.maxAttachesPerUser = maxAttachesPerUser;
        this.maxClientsPerTerminal = maxClientsPerTerminal;
        this.attachRate = RateLimit.fromConfig(config, ATTACH_RATE_LIMIT);
    }

    /** How long an attach ticket may wait for its attach. */
    public Duration ticketLifetime() {
        return ticketLifetime;
    }

    /** Attached WebSockets one user may hold on this server. */
    public int maxAttachesPerUser() {
        return maxAttachesPerUser;
    }

    /** Clients attached to one terminal at once. */
    public int maxClientsPerTerminal() {
        return maxClientsPerTerminal;
    }

    /** Attaches one user may make per period. */
    public RateLimit attachRate() {
        return attachRate;
    }
}
