package io.coditect.terminal.attach;

import java.time.Instant;
import java.util.Optional;

/** Where unused attach tickets wait for their attach: this server's memory, or the shared store. */
interface TicketGrants {
    /** Keeps {@code grant} under {@code ticket}, and forgets grants that expired before {@code now}. */
    void put(String ticket, TicketGrant grant, Instant now);

    /** Removes and returns the grant of {@code ticket}: whoever asks first gets it, and nobody after. */
    Optional<TicketGrant> take(String ticket);
}
