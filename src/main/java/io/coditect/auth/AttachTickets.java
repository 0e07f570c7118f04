package io.coditect.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Attach tickets: 256 random bits that let one WebSocket attach through without a bearer token in
 * the URL. A ticket is bound to the caller, the workspace and the terminal, expires after
 * {@code coditect.auth.attach-ticket-seconds} and is consumed by its first use, matching or not.
 * Kept in this server's memory. Tickets are never logged.
 */
@ApplicationScoped
public class AttachTickets {
    private static final int TICKET_BYTES = 32;

    /** A new ticket, for the client. */
    public record Issued(String ticket, long expiresInSeconds) {
    }

    private record Grant(Caller caller, String workspaceId, String terminalId, Instant expiresAt) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;

    /** For the CDI client proxy only. */
    protected AttachTickets() {
        this.lifetime = null;
        this.clock = null;
    }

    @Inject
    public AttachTickets(@ConfigProperty(name = "coditect.auth.attach-ticket-seconds") long lifetimeSeconds) {
        this(Duration.ofSeconds(lifetimeSeconds), Clock.systemUTC());
    }

    AttachTickets(Duration lifetime, Clock clock) {
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("coditect.auth.attach-ticket-seconds must be positive");
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Issued issue(Caller caller, String workspaceId, String terminalId) {
        Instant now = clock.instant();
        grants.values().removeIf(grant -> !grant.expiresAt().isAfter(now));
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(ticket, new Grant(caller, workspaceId, terminalId, now.plus(lifetime)));
        return new Issued(ticket, lifetime.toSeconds());
    }

    /** The caller the ticket was issued to, if it is unused, unexpired and for this terminal; it is used up either way. */
    public Optional<Caller> redeem(String ticket, String workspaceId, String terminalId) {
        if (ticket == null) {
            return Optional.empty();
        }
        Grant grant = grants.remove(ticket);
        if (grant == null || !grant.expiresAt().isAfter(clock.instant())
                || !grant.workspaceId().equals(workspaceId) || !grant.terminalId().equals(terminalId)) {
            return Optional.empty();
        }
        return Optional.of(grant.caller());
    }

    /** Checks the settings when the application starts, so a bad value stops it at once. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI created this bean, and its constructor checked the settings.
    }
}
