package io.coditect.store;

import io.coditect.platform.DataDirectory;
import io.coditect.platform.Immutable;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.store.foundationdb.FoundationDbSettings;
import io.coditect.store.foundationdb.FoundationDbStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Opens the backend named by {@code coditect.store} once per application, timed for metrics. Only
 * the configured backend's classes run: FoundationDB's native client is never loaded for the
 * embedded store.
 */
@Immutable
public class StoreProducer {
    /** FoundationDB refuses transactions older than 5 s; ours must end before that. */
    static final long MAX_TRANSACTION_TIMEOUT_MILLIS = 5_000;

    private static final Logger LOG = Logger.getLogger(StoreProducer.class.getName());

    private final DataDirectory dataDirectory;
    private final KeyLayout keys;
    private final MetricRegistry metrics;
    private final StoreSettings settings;

    @Inject
    public StoreProducer(DataDirectory dataDirectory, KeyLayout keys, MetricRegistry metrics, StoreSettings settings) {
        this.dataDirectory = dataDirectory;
        this.keys = keys;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Produces
    @ApplicationScoped
    public KeyValueStore store() {
        long transactionTimeoutMillis = settings.transactionTimeoutMillis();
        long healthTimeoutMillis = settings.healthTimeoutMillis();
        if (transactionTimeoutMillis <= 0 || transactionTimeoutMillis >= MAX_TRANSACTION_TIMEOUT_MILLIS) {
            throw new IllegalStateException("coditect.store.transaction-timeout-ms must be between 1 and "
                    + (MAX_TRANSACTION_TIMEOUT_MILLIS - 1) + ", not " + transactionTimeoutMillis);
        }
        if (healthTimeoutMillis <= 0) {
            throw new IllegalStateException("coditect.store.health-timeout-ms must be positive, not "
                    + healthTimeoutMillis);
        }
        KeyValueStore store = switch (settings.backend()) {
            case "embedded" -> {
                var file = dataDirectory.resolve("store").resolve("coditect.mv.db");
                LOG.info(() -> "Opening the embedded store at " + file);
                yield EmbeddedStore.open(file, transactionTimeoutMillis, healthTimeoutMillis);
            }
            case "foundationdb" -> {
                LOG.info(() -> "Using FoundationDB with cluster file " + settings.clusterFile());
                yield new FoundationDbStore(new FoundationDbSettings(settings.clusterFile(), transactionTimeoutMillis,
                        healthTimeoutMillis, settings.reprobeMillis(), settings.externalClientDirectory().orElse(null),
                        true, options -> { }),
                        keys.healthProbe());
            }
            default -> throw new IllegalStateException(
                    "coditect.store must be 'embedded' or 'foundationdb', not '" + settings.backend() + "'");
        };
        return new TimedKeyValueStore(store, metrics);
    }

    public void close(@Disposes KeyValueStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warning(() -> "Closing the store failed: " + e.getMessage());
            }
        }
    }
}
