package io.coditect.store;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The store's settings (docs/configuration.md, "Store"): which backend, the root of every key, how
 * long a transaction and a health read may take, FoundationDB's client settings, and how long a
 * gateway stays ready while its shared store does not answer
 * ({@code coditect.health.store-outage-grace-seconds}). Each value is checked by the class that
 * uses it ({@link StoreProducer}, the readiness check).
 */
@Immutable
public class StoreSettings {
    private final String backend;
    private final String root;
    private final long transactionTimeoutMillis;
    private final long healthTimeoutMillis;
    private final String clusterFile;
    private final long reprobeMillis;
    private final Optional<String> externalClientDirectory;
    private final Duration outageGrace;

    @Inject
    public StoreSettings(@ConfigProperty(name = "coditect.store") String backend,
            @ConfigProperty(name = "coditect.store.root") String root,
            @ConfigProperty(name = "coditect.store.transaction-timeout-ms") long transactionTimeoutMillis,
            @ConfigProperty(name = "coditect.store.health-timeout-ms") long healthTimeoutMillis,
            @ConfigProperty(name = "coditect.store.fdb.cluster-file") String clusterFile,
            @ConfigProperty(name = "coditect.store.fdb.reprobe-ms") long reprobeMillis,
            @ConfigProperty(name = "coditect.store.fdb.external-client-directory") Optional<String> externalClientDirectory,
            @ConfigProperty(name = "coditect.health.store-outage-grace-seconds") long outageGraceSeconds) {
        this.backend = backend.trim().toLowerCase(Locale.ROOT);
        this.root = root;
        this.transactionTimeoutMillis = transactionTimeoutMillis;
        this.healthTimeoutMillis = healthTimeoutMillis;
        this.clusterFile = clusterFile;
        this.reprobeMillis = reprobeMillis;
        this.externalClientDirectory = externalClientDirectory;
        this.outageGrace = Duration.ofSeconds(outageGraceSeconds);
    }

    /** {@code embedded} or {@code foundationdb}, in lower case. */
    public String backend() {
        return backend;
    }

    /** The first element of every key ({@link KeyLayout}). */
    public String root() {
        return root;
    }

    public long transactionTimeoutMillis() {
        return transactionTimeoutMillis;
    }

    public long healthTimeoutMillis() {
        return healthTimeoutMillis;
    }

    public String clusterFile() {
        return clusterFile;
    }

    /** While the FoundationDB cluster is known down, how often one call goes through to see whether it is back. */
    public long reprobeMillis() {
        return reprobeMillis;
    }

    /** Where FoundationDB's client finds further client libraries (multi-version client), if set. */
    public Optional<String> externalClientDirectory() {
        return externalClientDirectory;
    }

    /** How long a gateway stays ready while its shared store does not answer (the readiness check's grace). */
    public Duration outageGrace() {
        return outageGrace;
    }
}
