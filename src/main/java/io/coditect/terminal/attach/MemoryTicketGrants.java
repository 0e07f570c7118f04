package io.coditect.terminal.attach;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Tickets in this server's memory: enough where one server issues and redeems them (standalone). */
final class MemoryTicketGrants implements TicketGrants {
    private final Map<String, TicketGrant> grants = new ConcurrentHashMap<>();

    @Override
    public void put(String ticket, TicketGrant grant, Instant now) {
        grants.values().removeIf(old -> !old.expiresAt().isAfter(now));
        grants.put(ticket, grant);
    }

    @Override
    public Optional<TicketGrant> take(String ticket) {
        return Optional.ofNullable(grants.remove(ticket));
    }
}
