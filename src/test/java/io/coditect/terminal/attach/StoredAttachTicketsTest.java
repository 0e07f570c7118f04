package io.coditect.terminal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.auth.Caller;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.embedded.EmbeddedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attach tickets in the store, as two gateway replicas share them. */
class StoredAttachTicketsTest {
    private static final Caller ALICE = new Caller("alice", Set.of("user", "admin"));

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private FaultInjectingStore store;
    private final KeyLayout keys = new KeyLayout("test");

    private AttachTickets replica() {
        if (store == null) {
            store = FaultInjectingStore.over(EmbeddedStore.open(dir.resolve("store.mv.db"), 4000, 2000));
        }
        return new AttachTickets(new StoredTicketGrants(store, keys), Duration.ofSeconds(30), clock);
    }

    @AfterEach
    void close() {
        System.out.println(getClass().getSimpleName() + ": " + store.report());
        store.close();
    }

    @Test
    void redeem_everyCommitAmbiguous_theCallerOnce() {
        replica();
        FaultInjectingStore ambiguous = new FaultInjectingStore(store, new FaultInjectingStore.Rates(1, 0, 0), 23);
        AttachTickets one = new AttachTickets(new StoredTicketGrants(ambiguous, keys), Duration.ofSeconds(30), clock);
        AttachTickets two = new AttachTickets(new StoredTicketGrants(ambiguous, keys), Duration.ofSeconds(30), clock);
        String ticket = one.issue(ALICE, "ws-1", "t-1").ticket();

        assertThat(two.redeem(ticket, "ws-1", "t-1")).contains(ALICE);
        assertThat(one.redeem(ticket, "ws-1", "t-1")).isEmpty();
        System.out.println(ambiguous.report());
        assertThat(ambiguous.rerunAfterCommit()).isPositive();
    }

    @Test
    void redeem_onAnotherReplica_theCallerOnce() {
        AttachTickets one = replica();
        AttachTickets two = replica();
        String ticket = one.issue(ALICE, "ws-1", "t-1").ticket();

        assertThat(two.redeem(ticket, "ws-1", "t-1")).contains(ALICE);
        assertThat(one.redeem(ticket, "ws-1", "t-1")).isEmpty();
        assertThat(two.redeem(ticket, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void redeem_raceOfManyOnTwoReplicas_exactlyOneWins() throws Exception {
        AttachTickets one = replica();
        AttachTickets two = replica();
        String ticket = one.issue(ALICE, "ws-1", "t-1").ticket();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Callable<Optional<Caller>>> attempts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            AttachTickets replica = i % 2 == 0 ? one : two;
            attempts.add(() -> replica.redeem(ticket, "ws-1", "t-1"));
        }

        List<Optional<Caller>> results = new ArrayList<>();
        for (Future<Optional<Caller>> result : threads.invokeAll(attempts)) {
            results.add(result.get());
        }
        threads.shutdown();

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
    }

    @Test
    void redeem_otherTerminal_refusedAndUsedUp() {
        AttachTickets tickets = replica();
        String ticket = tickets.issue(ALICE, "ws-1", "t-1").ticket();

        assertThat(tickets.redeem(ticket, "ws-2", "t-1")).isEmpty();
        assertThat(tickets.redeem(ticket, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void redeem_afterLifetime_refused() {
        AttachTickets tickets = replica();
        String ticket = tickets.issue(ALICE, "ws-1", "t-1").ticket();

        now = now.plusSeconds(30);

        assertThat(tickets.redeem(ticket, "ws-1", "t-1")).isEmpty();
    }

    @Test
    void issue_clearsTicketsThatExpiredUnused_andStoresNoTicketItself() {
        AttachTickets tickets = replica();
        String unused = tickets.issue(ALICE, "ws-1", "t-1").ticket();
        now = now.plusSeconds(31);

        tickets.issue(ALICE, "ws-1", "t-2");

        Subspace ticketKeys = new Subspace(Tuple.from("test", "ticket"));
        List<KeyValue> stored = store.read(tx -> tx.getRange(ticketKeys.range()));
        List<KeyValue> expiries = store.read(tx -> tx.getRange(keys.attachTicketExpiries().range()));
        assertThat(stored).hasSize(1);
        assertThat(expiries).hasSize(1);
        assertThat(new String(stored.get(0).key(), StandardCharsets.ISO_8859_1)
                + new String(stored.get(0).value(), StandardCharsets.ISO_8859_1)).doesNotContain(unused);
    }
}
