package io.coditect.terminal.persistence;

import io.coditect.store.StoreUnavailableException;
import java.util.logging.Logger;

/** Whether the last store call of the session writer failed, so an outage is logged once, and its end. Writer thread only. */
final class StoreOutage {
    private static final Logger LOG = Logger.getLogger(StoreOutage.class.getName());

    private final long retryMillis;
    private boolean down;

    StoreOutage(long retryMillis) {
        this.retryMillis = retryMillis;
    }

    void down(StoreUnavailableException e) {
        if (!down) {
            down = true;
            LOG.warning(() -> "terminal sessions cannot be saved now, trying again every " + retryMillis
                    + " ms: " + e.getMessage());
        }
    }

    void up() {
        if (down) {
            down = false;
            LOG.info("terminal sessions are saved again");
        }
    }
}
