package io.coditect.store;

import io.coditect.platform.DataDirectory;
import io.coditect.store.embedded.EmbeddedStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the backend named by {@code coditect.store} once per application. */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class.getName());

    private final DataDirectory dataDirectory;
    private final String backend;
    private final long transactionTimeoutMillis;
    private final long healthTimeoutMillis;

    /** For the CDI client proxy only. */
    protected StoreProducer() {
        this.dataDirectory = null;
        this.backend = null;
        this.transactionTimeoutMillis = 0;
        this.healthTimeoutMillis = 0;
    }

    @Inject
    public StoreProducer(DataDirectory dataDirectory,
                         @ConfigProperty(name = "coditect.store", defaultValue = "embedded") String backend,
                         @ConfigProperty(name = "coditect.store.transaction-timeout-ms", defaultValue = "4000")
                         long transactionTimeoutMillis,
                         @ConfigProperty(name = "coditect.store.health-timeout-ms") long healthTimeoutMillis) {
        this.dataDirectory = dataDirectory;
        this.backend = backend.trim().toLowerCase(Locale.ROOT);
        this.transactionTimeoutMillis = transactionTimeoutMillis;
        this.healthTimeoutMillis = healthTimeoutMillis;
    }

    @Produces
    @ApplicationScoped
    public KeyValueStore store() {
        return switch (backend) {
            case "embedded" -> {
                var file = dataDirectory.resolve("store").resolve("coditect.mv.db");
                LOG.info(() -> "Opening the embedded store at " + file);
                yield EmbeddedStore.open(file, transactionTimeoutMillis, healthTimeoutMillis);
            }
            default -> throw new IllegalStateException(
                    "coditect.store must be 'embedded' or 'foundationdb', not '" + backend + "'");
        };
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
