package io.coditect.audit;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.platform.DaemonTimer;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.Transaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps audit events for {@code coditect.audit.retention-days}: every hour, and at start, two
 * range clears (the events and their markers) from the retention's edge to the end of the
 * newest-first key space. The work is the same whatever the history holds; a run that happens
 * twice, or on every replica at once, clears what is already clear. Workspace indexes are trimmed
 * as they are written ({@link AuditLog}) and go with their workspace.
 */
@ApplicationScoped
public class AuditRetention {
    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());
    private static final long INTERVAL_MINUTES = 60;

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final AuditSettings settings;
    private final boolean runs;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /** For the CDI client proxy only. */
    protected AuditRetention() {
        this.store = null;
        this.keys = null;
        this.settings = null;
        this.runs = false;
        this.clock = null;
    }

    @Inject
    public AuditRetention(KeyValueStore store, KeyLayout keys, AuditSettings settings, ServerRole role) {
        this(store, keys, settings, !role.is(Role.AGENT), Clock.systemUTC());
    }

    AuditRetention(KeyValueStore store, KeyLayout keys, AuditSettings settings, boolean runs, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.settings = settings;
        this.runs = runs;
        this.clock = clock;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!runs) {
            return;
        }
        timer = DaemonTimer.start("coditect-audit-retention", Duration.ZERO, Duration.ofMinutes(INTERVAL_MINUTES), this::runSafely);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Clears every event older than the retention, in one transaction of two range clears. */
    void clearExpired() {
        long from = settings.expiredFrom(clock.millis());
        store.transact(tx -> {
            clearFrom(tx, keys.auditEvents(), from);
            clearFrom(tx, keys.auditIds(), from);
            return null;
        });
    }

    /** One range clear: everything in {@code space} from the newest-first position {@code from} on. */
    static void clearFrom(Transaction tx, Subspace space, long from) {
        tx.clearRange(space.pack(Tuple.from(from)), space.range().end);
    }

    private void runSafely() {
        try {
            clearExpired();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Clearing expired audit events failed; it runs again within the hour", e);
        }
    }
}
