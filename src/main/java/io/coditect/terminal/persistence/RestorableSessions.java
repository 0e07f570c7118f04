package io.coditect.terminal.persistence;

import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.StoreUnavailableException;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The sessions saved before a restart that can be restored ({@link TerminalSessions}): read when
 * the application starts for the workspaces {@link RestorableWorkspaces} names (their state only,
 * not their output) and listed as {@code restorable}; the first attach to one claims it with its
 * saved output. A session nobody attaches to within {@code coditect.terminal.detached-grace-seconds}
 * of the start is forgotten, like a terminal without a client.
 */
final class RestorableSessions {
    private static final Logger LOG = Logger.getLogger(RestorableSessions.class.getName());

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final TerminalSettings settings;
    private final Supplier<RestorableWorkspaces.Plan> plans;
    private final StoreOutage outage;
    /** Writer thread: queues the removal of one terminal's saved state. */
    private final BiConsumer<String, String> remove;
    private final Map<String, Restorable> restorable = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /** A saved session listed after the restart, not attached yet. */
    private record Restorable(SavedSession session, long outputStart, long listedNanos) {
    }

    RestorableSessions(KeyValueStore store, KeyLayout keys, TerminalSettings settings,
            Supplier<RestorableWorkspaces.Plan> plans, StoreOutage outage, BiConsumer<String, String> remove) {
        this.store = store;
        this.keys = keys;
        this.settings = settings;
        this.plans = plans;
        this.outage = outage;
        this.remove = remove;
    }

    List<TerminalInfo> list(String workspaceId) {
        return restorable.values().stream()
                .filter(r -> r.session().workspaceId().equals(workspaceId))
                .map(r -> r.session().info(r.outputStart()))
                .sorted(Comparator.comparing(TerminalInfo::createdAt).thenComparing(TerminalInfo::id))
                .toList();
    }

    Optional<RestoredSession> claim(String workspaceId, String terminalId) {
        Restorable candidate = restorable.get(terminalId);
        if (candidate == null || !candidate.session().workspaceId().equals(workspaceId)
                || !restorable.remove(terminalId, candidate)) {
            return Optional.empty();
        }
        try {
            SavedOutput.Loaded output = store.read(tx -> SavedOutput.load(tx,
                    keys.terminalOutputTail(workspaceId, terminalId), keys.terminalOutputTailOffset(workspaceId, terminalId),
                    candidate.session().offset(), SavedOutput.TAIL_BYTES));
            if (!output.consistent()) {
                LOG.warning(() -> "the saved output of terminal " + terminalId + " of " + workspaceId
                        + " is incomplete; it is restored without it");
            }
            return Optional.of(new RestoredSession(candidate.session(), output));
        } catch (RuntimeException e) {
            restorable.put(terminalId, candidate);
            throw e;
        }
    }

    void release(RestoredSession session) {
        SavedSession saved = session.session();
        restorable.put(saved.id(), new Restorable(saved, session.output().start(), System.nanoTime()));
    }

    /** Takes the session off the list, to be deleted; false when there is no such restorable session. */
    boolean discard(String workspaceId, String terminalId) {
        Restorable candidate = restorable.get(terminalId);
        return candidate != null && candidate.session().workspaceId().equals(workspaceId)
                && restorable.remove(terminalId, candidate);
    }

    /** The workspace stopped or went away: none of its sessions comes back. */
    void forgetWorkspace(String workspaceId) {
        restorable.values().removeIf(r -> r.session().workspaceId().equals(workspaceId));
    }

    /** Writer: lists the saved sessions of the workspaces to restore, once; discards those of the others. */
    void load() {
        if (loaded) {
            return;
        }
        RestorableWorkspaces.Plan plan;
        List<Restorable> listed = new ArrayList<>();
        try {
            plan = plans.get();
            for (String workspaceId : plan.discard()) {
                store.transact(tx -> {
                    tx.clearRange(keys.terminals(workspaceId).range());
                    return null;
                });
                LOG.info(() -> "discarded the saved terminals of " + workspaceId + ": the workspace is not running");
            }
            long now = System.nanoTime();
            for (String workspaceId : plan.restore()) {
                listed.addAll(read(workspaceId, now));
            }
            // Listed only once all were read: a retry after a failure must not list a session twice.
            listed.forEach(candidate -> restorable.put(candidate.session().id(), candidate));
        } catch (StoreUnavailableException e) {
            outage.down(e);
            return;
        }
        loaded = true;
        if (!listed.isEmpty()) {
            LOG.info(() -> listed.size() + " saved terminal sessions of " + plan.restore().size()
                    + " workspaces can be restored");
        }
    }

    /** The saved sessions of one workspace; unreadable ones are removed. */
    private List<Restorable> read(String workspaceId, long now) {
        record Stored(String id, Optional<byte[]> state, Optional<byte[]> outputStart) {
        }
        List<Stored> stored = store.read(tx -> keys.terminalIds(tx, workspaceId).stream()
                .map(id -> new Stored(id, tx.get(keys.terminalState(workspaceId, id)),
                        tx.get(keys.terminalOutputTailOffset(workspaceId, id))))
                .toList());
        List<Restorable> found = new ArrayList<>();
        for (Stored entry : stored) {
            Optional<SavedSession> session = entry.state().flatMap(SessionCodec::decode)
                    .filter(s -> s.id().equals(entry.id()) && s.workspaceId().equals(workspaceId));
            if (session.isEmpty()) {
                LOG.warning(() -> "the saved state of terminal " + entry.id() + " of " + workspaceId
                        + " cannot be read; it is removed");
                remove.accept(workspaceId, entry.id());
                continue;
            }
            long outputStart = entry.outputStart()
                    .map(value -> Tuple.fromBytes(value).getLong(0))
                    .orElse(session.get().offset());
            found.add(new Restorable(session.get(), outputStart, now));
        }
        return found;
    }

    /** Forgets restorable sessions nobody attached to within the detached grace period. */
    void expire(long nowNanos) {
        long grace = settings.detachedGrace().toNanos();
        for (Restorable candidate : List.copyOf(restorable.values())) {
            if (nowNanos - candidate.listedNanos() > grace && restorable.remove(candidate.session().id(), candidate)) {
                SavedSession session = candidate.session();
                LOG.info(() -> "forgetting the saved terminal " + session.id() + " of " + session.workspaceId()
                        + ": nobody attached for " + settings.detachedGrace().toMinutes() + " min");
                remove.accept(session.workspaceId(), session.id());
            }
        }
    }
}
