package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.foundationdb.FoundationDbSettings;
import io.coditect.store.foundationdb.FoundationDbStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FoundationDB only: the retry contract against the real client with its own fault injection on.
 * The client's buggify ({@code client_buggify_enable}, every section activated, a quarter of them
 * fired) makes it fail commits, some of them as {@code commit_unknown_result} after they committed,
 * so fdb-java's retry loop runs bodies again after their commit. A non-idempotent counter shows
 * how often that happened; the idempotent patterns the store users follow (an operation id beside
 * the record, an atomic max) must land exactly once all the same.
 *
 * <p>Skipped unless {@code FDB_CLUSTER_FILE} names a cluster. Network options are set once per
 * process, before the first transaction: run this class on its own
 * ({@code ./mvnw test -Dtest=FoundationDbAmbiguousCommitTest}); when another test started the
 * network first no commit is ever ambiguous, and the test says so and is skipped.
 */
class FoundationDbAmbiguousCommitTest {
    private static final int OPERATIONS = 200;

    private final Subspace root = new Subspace(Tuple.from("ambiguous-" + UUID.randomUUID()));
    private FoundationDbStore store;

    @BeforeEach
    void open() {
        String skipped = FoundationDbStoreContractTest.whyNotReachable();
        if (skipped != null) {
            System.out.println("FoundationDB ambiguous-commit cases SKIPPED: " + skipped);
        }
        Assumptions.assumeTrue(skipped == null, skipped);
        store = new FoundationDbStore(FoundationDbSettings.of(System.getenv("FDB_CLUSTER_FILE"), 4000, 5000)
                .withNetworkOptions(options -> {
                    options.setClientBuggifyEnable();
                    options.setClientBuggifySectionActivatedProbability(100);
                    options.setClientBuggifySectionFiredProbability(25);
                }), root.pack(Tuple.from("probe")));
    }

    @AfterEach
    void clear() {
        if (store != null) {
            store.transact(tx -> {
                tx.clearRange(root.range());
                return null;
            });
            store.close();
        }
    }

    @Test
    void bodiesRunAgainAfterTheirCommit_idempotentWritesLandOnce() {
        byte[] bodies = root.pack(Tuple.from("bodies"));
        byte[] changes = root.pack(Tuple.from("changes"));
        byte[] operationKey = root.pack(Tuple.from("operation"));
        byte[] highest = root.pack(Tuple.from("highest"));
        for (int i = 1; i <= OPERATIONS; i++) {
            byte[] operation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            long value = i;
            store.transact(tx -> {
                // Counts every body that committed, re-runs after a commit included.
                tx.set(bodies, Tuple.from(tx.get(bodies).map(v -> Tuple.fromBytes(v).getLong(0)).orElse(0L) + 1).pack());
                if (tx.get(operationKey).filter(stored -> Arrays.equals(stored, operation)).isEmpty()) {
                    tx.set(changes, Tuple.from(tx.get(changes).map(v -> Tuple.fromBytes(v).getLong(0)).orElse(0L) + 1)
                            .pack());
                    tx.set(operationKey, operation);
                }
                tx.max(highest, value);
                return null;
            });
        }

        long committedBodies = store.read(tx -> Tuple.fromBytes(tx.get(bodies).orElseThrow()).getLong(0));
        System.out.println("FoundationDB client buggify: " + OPERATIONS + " operations, "
                + (committedBodies - OPERATIONS) + " bodies committed again after an ambiguous commit");
        Assumptions.assumeTrue(committedBodies > OPERATIONS, "no commit was ambiguous: the network was set up"
                + " without client buggify (run this class on its own)");
        long changed = store.read(tx -> Tuple.fromBytes(tx.get(changes).orElseThrow()).getLong(0));
        assertThat(changed).isEqualTo(OPERATIONS);
        assertThat(store.read(tx -> tx.get(highest)).map(AtomicNumbers::decode)).contains((long) OPERATIONS);
    }
}
