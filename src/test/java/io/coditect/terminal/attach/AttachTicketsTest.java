package io.coditect.terminal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttachTicketsTest {
    private static final Caller ALICE = new Caller("alice", Set.of("user"));

    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AttachTickets tickets = new AttachTickets(Duration.ofSeconds(30), clock);

    @Test
    void issue_random256Bits_lifetime() {
        AttachTickets.Issued one = tickets.issue(ALICE, "ws-1", "t-1");
        AttachTickets.Issued two = tickets.issue(ALICE, "ws-1", "t-1");

        assertThat(one.ticket()).hasSize(43).isNotEqualTo(two.ticket());
        assertThat(one.expiresInSeconds()).isEqualTo(30);
    }

    @Test
    void redeem_once_thenGone() {
        String ticket = tickets.issue(ALICE, "ws-1", "t-1").ticket();

        assertThat(tickets.redeem(ticket, "ws-1", "t-1")).contains(ALICE);
        assertThat(tickets.redeem(ticket, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void redeem_otherTerminal_refusedAndUsedUp() {
        String ticket = tickets.issue(ALICE, "ws-1", "t-1").ticket();

        assertThat(tickets.redeem(ticket, "ws-1", "t-2")).isEmpty();
        assertThat(tickets.redeem(ticket, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void redeem_afterLifetime_refused() {
        String ticket = tickets.issue(ALICE, "ws-1", "t-1").ticket();

        now = now.plusSeconds(30);

        assertThat(tickets.redeem(ticket, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void redeem_unknownOrMissing_refused() {
        assertThat(tickets.redeem("made-up", "ws-1", "t-1")).isEmpty();
        assertThat(tickets.redeem(null, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void issue_anotherTicket_earlierOnesStayRedeemable_expiredOnesGo() {
        String first = tickets.issue(ALICE, "ws-1", "t-1").ticket();
        String second = tickets.issue(ALICE, "ws-1", "t-1").ticket();

        assertThat(tickets.redeem(first, "ws-1", "t-1")).contains(ALICE);
        assertThat(tickets.redeem(second, "ws-1", "t-1")).contains(ALICE);
    }
}
