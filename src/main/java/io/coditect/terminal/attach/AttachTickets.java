package io.coditect.terminal.attach;

import io.coditect.auth.Caller;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Attach tickets: 256 random bits that let one WebSocket attach through without a bearer token in
 * the URL. A ticket is bound to the caller, the workspace and the terminal, expires after
 * {@code coditect.auth.attach-ticket-seconds} and is consumed by its first use, matching or not.
 * A gateway keeps them in the store, so any replica redeems what another issued, once; the other
 * roles keep them in memory. Tickets are never logged.
 */
@ApplicationScoped
public class AttachTickets {
    private static final int TICKET_BYTES = 32;

    /** A new ticket, for the client. */
    public record Issued(String ticket, long expiresInSeconds) {
    }

    private final SecureRandom random = new SecureRandom();
    private final TicketGrants grants;
    private final Duration lifetime;
    private final Clock clock;

    /** For the CDI client proxy only. */
    protected AttachTickets() {
        this.grants = null;
        this.lifetime = null;
        this.clock = null;
    }

    @Inject
    public AttachTickets(AttachSettings settings, ServerRole role, Instance<KeyValueStore> store,
            Instance<KeyLayout> keys) {
        this(role.is(Role.GATEWAY) ? new StoredTicketGrants(store.get(), keys.get()) : new MemoryTicketGrants(),
                settings.ticketLifetime(), Clock.systemUTC());
    }

    /** Tickets in memory. */
    public AttachTickets(Duration lifetime, Clock clock) {
        this(new MemoryTicketGrants(), lifetime, clock);
    }

    AttachTickets(TicketGrants grants, Duration lifetime, Clock clock) {
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("coditect.auth.attach-ticket-seconds must be positive");
        }
        this.grants = grants;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Issued issue(Caller caller, String workspaceId, String terminalId) {
        Instant now = clock.instant();
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(ticket, new TicketGrant(caller, workspaceId, terminalId, now.plus(lifetime)), now);
        return new Issued(ticket, lifetime.toSeconds());
    }

    /** The caller the ticket was issued to, if it is unused, unexpired and for this terminal; it is used up either way. */
    public Optional<Caller> redeem(String ticket, String workspaceId, String terminalId) {
        if (ticket == null) {
            return Optional.empty();
        }
        return grants.take(ticket)
                .filter(grant -> grant.admits(workspaceId, terminalId, clock.instant()))
                .map(TicketGrant::caller);
    }

    /** Checks the settings when the application starts, so a bad value stops it at once. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI created this bean, and its constructor checked the settings.
    }
}
