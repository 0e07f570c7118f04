package io.coditect.store;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;

/**
 * Test code, never part of the product's WAR: {@code StoreFaultsRestartIT} adds this class and
 * {@link FaultInjectingStore} to the WAR it deploys, and only there the store every store user gets
 * is the configured one ({@link StoreProducer}, timed) under {@link FaultInjectingStore} at its
 * standard rates. Selected over {@link StoreProducer#store()} by its priority, so the product's code
 * path has no fault mode to switch on by mistake. The rates, the seed and the number of bodies that
 * ran again are logged when the application starts and when it stops, for the test to print.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
@ApplicationScoped
public class FaultInjectingStoreAlternative {
    /** What the test looks for in the server's log. */
    public static final String REPORT = "Test mode, store under faults: ";

    private static final Logger LOG = Logger.getLogger(FaultInjectingStoreAlternative.class.getName());

    @Produces
    @ApplicationScoped
    KeyValueStore faultInjectingStore(StoreProducer configured) {
        FaultInjectingStore store = FaultInjectingStore.over(configured.store());
        LOG.warning(() -> REPORT + "opened; " + store.report());
        return store;
    }

    void close(@Disposes KeyValueStore store) {
        if (store instanceof FaultInjectingStore faulty) {
            LOG.warning(() -> REPORT + "closing; " + faulty.report());
            faulty.close();
        }
    }
}
