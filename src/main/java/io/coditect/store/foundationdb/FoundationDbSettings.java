package io.coditect.store.foundationdb;

import com.apple.foundationdb.NetworkOptions;
import java.util.function.Consumer;

/**
 * How the FoundationDB backend connects.
 *
 * @param clusterFile the cluster file to connect with
 * @param timeoutMillis the longest a transaction may take, retries included (under FoundationDB's 5 s)
 * @param healthTimeoutMillis the longest a health probe waits
 * @param reprobeMillis while the cluster is known down, calls fail at once and one is let through this often
 * @param externalClientDirectory a directory of further {@code libfdb_c} versions for the multi-version
 *        client (a cluster older or newer than the primary client), or null for none
 * @param stopNetworkOnClose whether closing the store also stops the client's network thread: true for the
 *        application's one store, false where several stores come and go in one process (the network
 *        cannot be started again)
 * @param networkOptions further network options, set once before the network starts (tests inject faults
 *        through them); FoundationDB also reads {@code FDB_NETWORK_OPTION_*} environment variables itself
 */
public record FoundationDbSettings(String clusterFile, long timeoutMillis, long healthTimeoutMillis,
                                   long reprobeMillis, String externalClientDirectory, boolean stopNetworkOnClose,
                                   Consumer<NetworkOptions> networkOptions) {
    /** For tests: no external clients, the network left running, nothing else set. */
    public static FoundationDbSettings of(String clusterFile, long timeoutMillis, long healthTimeoutMillis) {
        return new FoundationDbSettings(clusterFile, timeoutMillis, healthTimeoutMillis, 1000, null, false,
                options -> { });
    }

    public FoundationDbSettings withNetworkOptions(Consumer<NetworkOptions> options) {
        return new FoundationDbSettings(clusterFile, timeoutMillis, healthTimeoutMillis, reprobeMillis,
                externalClientDirectory, stopNetworkOnClose, options);
    }
}
