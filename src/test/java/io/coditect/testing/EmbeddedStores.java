package io.coditect.testing;

import io.coditect.store.embedded.EmbeddedStore;
import java.nio.file.Path;

/** The embedded store as the unit tests open it: one file in the test's directory, the usual timeouts. */
public final class EmbeddedStores {
    /** The store's transaction timeout, in milliseconds. */
    public static final int LOCK_TIMEOUT_MILLIS = 4000;
    /** Milliseconds the store's health check waits. */
    public static final int HEALTH_TIMEOUT_MILLIS = 2000;

    private EmbeddedStores() {
    }

    /** A store in {@code directory/store.mv.db}, new or as a previous open left it; the caller closes it. */
    public static EmbeddedStore open(Path directory) {
        return EmbeddedStore.open(directory.resolve("store.mv.db"), LOCK_TIMEOUT_MILLIS, HEALTH_TIMEOUT_MILLIS);
    }
}
