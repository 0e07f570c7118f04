package io.coditect.audit;

import com.apple.foundationdb.tuple.Tuple;
import io.coditect.platform.Immutable;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.Transaction;
import io.coditect.store.Versionstamps;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes audit events to the store, and each one once to the export log ({@link AuditExport}).
 *
 * <p>An action with a store transaction writes its event in that transaction ({@link #write}), so
 * the action is never done without its record and an action whose transaction fails leaves none.
 * The event's id and time are fixed before the transaction ({@link #event}), and {@link #write}
 * first looks for the event's marker: a body that runs again after its commit (the store's retry
 * contract) finds it and writes nothing twice. Actions without a transaction of their own (an
 * attach, a refused request) are written by {@link #record}, in a transaction of their own.
 * The caller exports after its transaction returned.
 */
@Immutable
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final byte[] NOTHING = new byte[0];

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final AuditSettings settings;
    private final AuditExport export;
    private final Clock clock;

    @Inject
    public AuditLog(KeyValueStore store, KeyLayout keys, AuditSettings settings, AuditExport export) {
        this(store, keys, settings, export, Clock.systemUTC());
    }

    public AuditLog(KeyValueStore store, KeyLayout keys, AuditSettings settings, AuditExport export, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.settings = settings;
        this.export = export;
        this.clock = clock;
    }

    /** A new event with its id, time and this replica, outcome {@code ok}; the rest follows with its withers. */
    public AuditEvent event(AuditAction action, String actor, RequestOrigin origin) {
        return new AuditEvent(UUID.randomUUID().toString(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                actor, action.code(), null, null, AuditEvent.OK, origin.clientAddress(), origin.userAgent(),
                settings.replica(), null);
    }

    /** A new event of the same action, actor, workspace, origin and details as {@code earlier}, with another outcome. */
    public AuditEvent followUp(AuditEvent earlier, String outcome) {
        return new AuditEvent(UUID.randomUUID().toString(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                earlier.actor(), earlier.action(), earlier.workspace(), earlier.terminal(), outcome,
                earlier.clientAddress(), earlier.userAgent(), settings.replica(), earlier.details());
    }

    /**
     * Writes {@code event} in the caller's transaction, unless an earlier run of the same body
     * already did: the global log, and the workspace's own index while the workspace stays.
     */
    public void write(Transaction tx, AuditEvent event) {
        long newestFirst = KeyLayout.newestFirst(event.time().toEpochMilli());
        byte[] marker = keys.auditIds().pack(Tuple.from(newestFirst, event.id()));
        String workspace = event.workspace();
        List<Optional<byte[]>> found = tx.getAll(workspace == null ? List.of(marker)
                : List.of(marker, keys.workspaceRecord(workspace)));
        if (found.get(0).isPresent()) {
            return;
        }
        tx.set(marker, NOTHING);
        byte[] value = AuditJson.encode(event);
        tx.setVersionstampedKey(Versionstamps.key(keys.auditEvents(), Tuple.from(newestFirst), 0), value);
        // Only while the workspace exists, since its index goes with it: a delete, which clears the
        // record in this very transaction before it writes its event, goes to the global log only.
        if (workspace != null && found.get(1).isPresent()) {
            tx.setVersionstampedKey(Versionstamps.key(keys.workspaceAudit(workspace), Tuple.from(newestFirst), 1), value);
            trimWorkspace(tx, event.workspace());
        }
    }

    /** Exports an event whose transaction has returned: one JSON line per event. */
    public void exported(AuditEvent event) {
        export.log(event);
    }

    /**
     * Writes an event of an action that has no transaction of its own, then exports it. A store
     * that cannot take it is logged, not thrown: the action (a detach, a refusal) has happened
     * either way, and the export line still carries it.
     */
    public void record(AuditEvent event) {
        try {
            store.transact(tx -> {
                write(tx, event);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "Audit event " + event.id() + " (" + event.action()
                    + ") could not be stored: " + e.getMessage());
        }
        export.log(event);
    }

    /** The workspace index's events older than the retention: one range clear, whatever the history. */
    private void trimWorkspace(Transaction tx, String workspaceId) {
        AuditRetention.clearFrom(tx, keys.workspaceAudit(workspaceId), settings.expiredFrom(clock.millis()));
    }
}
