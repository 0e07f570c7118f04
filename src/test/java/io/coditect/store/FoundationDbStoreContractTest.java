package io.coditect.store;

import io.coditect.store.foundationdb.FoundationDbSettings;
import io.coditect.store.foundationdb.FoundationDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SPI contract against FoundationDB, when {@code FDB_CLUSTER_FILE} names a cluster this machine
 * reaches. Otherwise every test is reported as skipped, with the reason printed and in the report:
 * nothing stands in for a real cluster.
 */
class FoundationDbStoreContractTest extends KeyValueStoreContract {
    private static String clusterFile;
    private static String skipped;

    @BeforeAll
    static void lookForReachableCluster() {
        clusterFile = System.getenv("FDB_CLUSTER_FILE");
        skipped = whyNotReachable();
        System.out.println(skipped == null
                ? "FoundationDB contract run against the cluster in " + clusterFile
                : "FoundationDB contract run SKIPPED: " + skipped);
    }

    /** Why no FoundationDB cluster can be used here, or null when {@code FDB_CLUSTER_FILE} names one that answers. */
    static String whyNotReachable() {
        String clusterFile = System.getenv("FDB_CLUSTER_FILE");
        if (clusterFile == null || clusterFile.isBlank()) {
            return "FDB_CLUSTER_FILE is not set, so there is no FoundationDB cluster to run against"
                    + " (none can run on these build machines)";
        }
        if (!Files.isReadable(Path.of(clusterFile))) {
            return "FDB_CLUSTER_FILE names " + clusterFile + ", which is not a readable file";
        }
        try (FoundationDbStore probe = new FoundationDbStore(FoundationDbSettings.of(clusterFile, 4000, 5000),
                new byte[] {0x01})) {
            StoreHealth health = probe.health();
            return health.up() ? null : "the cluster in " + clusterFile + " cannot be reached: " + health.detail();
        }
    }

    @Override
    protected KeyValueStore open(long timeoutMillis) {
        // Aborted per test, not once for the class: Surefire then counts every test as skipped.
        Assumptions.assumeTrue(skipped == null, skipped);
        return new FoundationDbStore(FoundationDbSettings.of(clusterFile, timeoutMillis, 5000), keys.healthProbe());
    }

    @Override
    protected String expectedBackend() {
        return "foundationdb";
    }
}
