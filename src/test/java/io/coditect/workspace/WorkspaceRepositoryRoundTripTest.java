package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.CountingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round-trip budgets: a listing must not do work inside one transaction that grows with the data
 * (on FoundationDB every read waits for the network, and a transaction has 5 s). Counted with
 * {@link CountingStore}: reads per transaction, transactions per listing.
 */
class WorkspaceRepositoryRoundTripTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** Small pages, so that several pages need only a few dozen workspaces. */
    private static final int PAGE = 20;
    /** One index range read and one batch read of the records. */
    private static final int LIST_PAGE_ROUND_TRIPS = 2;

    @TempDir
    Path dir;
    private EmbeddedStore embedded;
    private CountingStore store;
    private WorkspaceRepository repository;

    @BeforeEach
    void open() {
        embedded = EmbeddedStores.open(dir);
        store = new CountingStore(embedded);
        repository = new WorkspaceRepository(store, new KeyLayout("test"), PAGE);
    }

    @AfterEach
    void close() {
        embedded.close();
    }

    @Test
    void listAll_fewOrManyWorkspaces_boundedReadsPerTransactionAndOnePagePerTransaction() {
        for (int count : new int[] {3, PAGE * 2 + 7}) {
            insert(count - repository.listAll().size());
            store.reset();

            List<Workspace> listed = repository.listAll();

            System.out.println("listAll of " + count + " workspaces: " + store.transactions() + " transactions, "
                    + store.roundTrips() + " reads, at most " + store.mostRoundTripsInOneTransaction()
                    + " in one transaction");
            assertThat(listed).hasSize(count);
            assertThat(listed).extracting(Workspace::createdAt).isSorted();
            assertThat(store.mostRoundTripsInOneTransaction()).isLessThanOrEqualTo(LIST_PAGE_ROUND_TRIPS);
            assertThat(store.transactions()).isEqualTo(count / PAGE + 1);
        }
    }

    @Test
    void recordAndReadActivities_manyWorkspaces_oneBatchReadPerPage() {
        insert(PAGE + 1);
        List<String> ids = repository.listAll().stream().map(Workspace::id).toList();
        Map<String, Instant> written = new HashMap<>();
        ids.forEach(id -> written.put(id, T0.plusSeconds(60)));
        store.reset();

        repository.recordActivities(written);
        var activities = repository.lastActivities(ids);

        assertThat(activities).isEqualTo(written);
        assertThat(store.transactions()).isEqualTo(4);
        assertThat(store.mostRoundTripsInOneTransaction()).isEqualTo(1);
    }

    @Test
    void listByOwnerAndUpdate_manyWorkspacesOfOneOwner_boundedReads() {
        insert(40);
        String id = repository.listByOwner("alice").get(0).id();
        store.reset();

        assertThat(repository.listByOwner("alice")).hasSize(34);
        repository.updateSeeingOwner(id, (current, owners) -> current.withPhase(Phase.of(WorkspaceStatus.STOPPED), T0),
                tx -> { });

        assertThat(store.mostRoundTripsInOneTransaction()).isLessThanOrEqualTo(3);
    }

    private void insert(int count) {
        IntStream.range(0, count).forEach(i -> {
            Instant at = T0.plusMillis(i);
            repository.insert(new Workspace(WorkspaceIds.generate(), "p", i % 7 == 0 ? "bob" : "alice",
                    WorkspaceStatus.RUNNING, Progress.READY, null, at, at, at), owners -> { });
        });
    }
}
