package io.coditect.terminal;

import com.apple.foundationdb.tuple.Tuple;
import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.audit.RequestOrigin;
import io.coditect.platform.DataDirectory;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.StoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the local terminals' sessions in the store, so they come back after a restart.
 *
 * <p><b>Saving.</b> One writer thread does all store work, in order. A terminal is saved when it
 * starts (or is restored), then every {@code coditect.terminal.save-interval-ms} if anything
 * changed (the terminals are spread over {@value #SLICES} slices of the interval, so their saves do
 * not all fall at once): its state ({@link SavedSession}: the shell's working directory from {@code /proc}, its
 * environment and history from {@link ShellHooks}, decoded again only when the hook's files
 * changed, size, times, output offset) when that differs from the last saved one, and the output printed since ({@link SavedOutput}: appended chunks, old
 * ones trimmed). A terminal printing a flood (more than its tail between two saves, so each save
 * writes its whole tail again) is saved at most every {@value #FLOOD_ROUNDS} rounds. The saves of
 * one round share transactions of about {@value #TRANSACTION_BYTES} bytes; one terminal's save is
 * never split, so its state and output always agree. A deleted,
 * exited or expired terminal's state is removed at once (and again on every round while the store
 * is unreachable), after any save of it already under way, so it never comes back.
 *
 * <p><b>Restoring.</b> When the application starts, the sessions saved for the workspaces that
 * {@link RestorableWorkspaces} names are read (their state only, not their output) and listed as
 * {@code restorable}; a shell starts only when a client attaches ({@link #claim}). A session
 * nobody attaches to within {@code coditect.terminal.detached-grace-seconds} of the start is
 * forgotten, like a terminal without a client. When the application stops, every terminal is saved
 * one last time before the shells end, and from then on their ending removes nothing.
 */
@ApplicationScoped
public class TerminalSessions implements SessionPersistence {
    /** Saves of several terminals share one transaction up to about this many bytes (the store allows 500,000). */
    static final int TRANSACTION_BYTES = 250_000;
    /** A flooding terminal writes its whole tail on each save: at most once this many rounds. */
    static final int FLOOD_ROUNDS = 5;
    private static final Logger LOG = Logger.getLogger(TerminalSessions.class.getName());
    private static final long FINAL_SAVE_SECONDS = 10;
    /** Each turn of the writer saves one slice of the terminals: the interval is divided in this many turns. */
    static final int SLICES = 10;

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final TerminalSettings settings;
    private final ShellHooks hooks;
    private final Supplier<RestorableWorkspaces.Plan> plans;
    private final long saveIntervalMillis;
    private final Restores restores;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, Restorable> restorable = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer;
    /** Removals not yet committed; writer thread only. */
    private final ArrayDeque<Removal> removals = new ArrayDeque<>();
    private volatile boolean loaded;
    private volatile boolean frozen;
    /** Whether the last store call failed, so an outage is logged once; writer thread only. */
    private boolean storeDown;
    /** Rounds (save intervals) and turns (slices of one) so far; writer thread only. */
    private long rounds;
    private long turns;
    /** The slice the next tracked terminal is saved in. */
    private final AtomicInteger nextSlice = new AtomicInteger();

    /** A saved session listed after the restart, not attached yet. */
    private record Restorable(SavedSession session, long outputStart, long listedNanos) {
    }

    /** The saved state of one terminal, or (terminalId null) of all of a workspace's terminals, to remove. */
    private record Removal(String workspaceId, String terminalId) {
    }

    /** A running terminal and what the store has of it; the fields change on the writer thread only. */
    private static final class Tracked {
        final LocalTerminal terminal;
        final SavedOutput output;
        final int slice;
        ShellHooks.Report report = ShellHooks.Report.NONE;
        /** What the hook reported last (the start environment until it has), immutable: a save compares them by identity first. */
        Map<String, String> env;
        List<String> history = List.of();
        SavedSession saved;
        /** The round of the last save that wrote a flood. */
        long floodRound = -FLOOD_ROUNDS;

        Tracked(LocalTerminal terminal, Map<String, String> startEnv, SavedOutput output, int slice) {
            this.terminal = terminal;
            this.env = Map.copyOf(startEnv);
            this.output = output;
            this.slice = slice;
        }

        /** Takes in what the shell reported, when it is new. */
        void reported(ShellHooks.Report now) {
            if (now != report) {
                report = now;
                if (now.env() != null) {
                    env = Map.copyOf(now.env());
                }
                history = List.copyOf(now.history());
            }
        }
    }

    /** One terminal's part of a save: its state (null when unchanged) and its output. */
    private record Save(Tracked tracked, SavedSession session, byte[] state, SavedOutput.Plan output, int bytes) {
    }

    /** For the CDI client proxy only. */
    protected TerminalSessions() {
        this.store = null;
        this.keys = null;
        this.settings = null;
        this.hooks = null;
        this.plans = null;
        this.saveIntervalMillis = 0;
        this.restores = null;
        this.writer = null;
    }

    /** Told of each session brought back (its audit event), on the writer thread. */
    @FunctionalInterface
    interface Restores {
        Restores NONE = (workspaceId, terminalId, offset) -> { };

        void restored(String workspaceId, String terminalId, long offset);
    }

    @Inject
    public TerminalSessions(KeyValueStore store, KeyLayout keys, TerminalSettings settings, DataDirectory data,
            RestorableWorkspaces workspaces,
            @ConfigProperty(name = "coditect.terminal.save-interval-ms") long saveIntervalMillis,
            AuditLog audit, ServerRole role) {
        // An agent's store is its own volume's, which no audit listing reads: restores there go unrecorded.
        this(store, keys, settings, data.resolve("terminals"), workspaces::plan, saveIntervalMillis,
                role.is(Role.AGENT) ? Restores.NONE : (workspaceId, terminalId, offset) -> audit.record(
                        audit.event(AuditAction.TERMINAL_RESTORE, AuditEvent.SYSTEM, RequestOrigin.SERVER)
                                .withWorkspace(workspaceId).withTerminal(terminalId).withDetail("offset", offset)));
    }

    TerminalSessions(KeyValueStore store, KeyLayout keys, TerminalSettings settings, Path hookFiles,
            Supplier<RestorableWorkspaces.Plan> plans, long saveIntervalMillis) {
        this(store, keys, settings, hookFiles, plans, saveIntervalMillis, Restores.NONE);
    }

    TerminalSessions(KeyValueStore store, KeyLayout keys, TerminalSettings settings, Path hookFiles,
            Supplier<RestorableWorkspaces.Plan> plans, long saveIntervalMillis, Restores restores) {
        if (saveIntervalMillis < 100 || saveIntervalMillis > 60_000) {
            throw new IllegalArgumentException("coditect.terminal.save-interval-ms must be between 100 and 60000, not "
                    + saveIntervalMillis);
        }
        this.store = store;
        this.keys = keys;
        this.settings = settings;
        this.restores = restores;
        this.hooks = new ShellHooks(hookFiles);
        this.plans = plans;
        this.saveIntervalMillis = saveIntervalMillis;
        this.writer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("coditect-terminal-sessions").factory());
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    void onStopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    /** Clears the hook files of the shells of an earlier run, then lists saved sessions and saves on a timer. */
    void start() {
        hooks.clear();
        writer.scheduleWithFixedDelay(this::round, 0, saveIntervalMillis * 1000 / SLICES, TimeUnit.MICROSECONDS);
    }

    /** Saves every terminal one last time; from then on terminals that end keep their saved state. */
    void stop() {
        Future<?> last = writer.submit(() -> {
            removeAll();
            save(prepare(List.copyOf(tracked.values()), false));
        });
        try {
            last.get(FINAL_SAVE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "the last save of the terminal sessions did not finish", e);
        }
        frozen = true;
    }

    /** Lets a save under way finish: interrupting the writer would interrupt the store's file I/O. */
    @PreDestroy
    void close() {
        frozen = true;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(FINAL_SAVE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("the terminal session writer did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<String> command(String workspaceId, String terminalId, String shell, List<String> history) {
        return hooks.command(workspaceId, terminalId, shell, history);
    }

    @Override
    public void started(LocalTerminal terminal, Map<String, String> env, RestoredSession restored) {
        String workspaceId = terminal.workspaceId();
        SavedOutput output = restored != null ? restored.output().output()
                : new SavedOutput(keys.terminalOutputTail(workspaceId, terminal.id()),
                        keys.terminalOutputTailOffset(workspaceId, terminal.id()), 0, SavedOutput.TAIL_BYTES);
        Tracked started = new Tracked(terminal, env, output, Math.floorMod(nextSlice.getAndIncrement(), SLICES));
        tracked.put(terminal.id(), started);
        submit(() -> {
            if (tracked.get(terminal.id()) == started) {
                save(prepare(List.of(started), false));
            }
            if (restored != null) {
                restores.restored(workspaceId, terminal.id(), restored.session().offset());
            }
        });
    }

    @Override
    public void ended(String workspaceId, String terminalId) {
        if (frozen || tracked.remove(terminalId) == null) {
            return;
        }
        submit(() -> remove(new Removal(workspaceId, terminalId)));
    }

    @Override
    public void endedWorkspace(String workspaceId) {
        if (frozen) {
            return;
        }
        tracked.values().removeIf(t -> t.terminal.workspaceId().equals(workspaceId));
        restorable.values().removeIf(r -> r.session().workspaceId().equals(workspaceId));
        submit(() -> {
            // Again on the writer: sessions listed by a start-up read that was under way are stale too.
            restorable.values().removeIf(r -> r.session().workspaceId().equals(workspaceId));
            remove(new Removal(workspaceId, null));
        });
    }

    @Override
    public List<TerminalInfo> restorable(String workspaceId) {
        return restorable.values().stream()
                .filter(r -> r.session().workspaceId().equals(workspaceId))
                .map(r -> r.session().info(r.outputStart()))
                .sorted(Comparator.comparing(TerminalInfo::createdAt).thenComparing(TerminalInfo::id))
                .toList();
    }

    @Override
    public Optional<RestoredSession> claim(String workspaceId, String terminalId) {
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

    @Override
    public void release(RestoredSession session) {
        SavedSession saved = session.session();
        restorable.put(saved.id(), new Restorable(saved, session.output().start(), System.nanoTime()));
    }

    @Override
    public boolean discard(String workspaceId, String terminalId) {
        Restorable candidate = restorable.get(terminalId);
        if (candidate == null || !candidate.session().workspaceId().equals(workspaceId)
                || !restorable.remove(terminalId, candidate)) {
            return false;
        }
        submit(() -> remove(new Removal(workspaceId, terminalId)));
        return true;
    }

    // ---- the writer thread ---------------------------------------------------------------------

    private void submit(Runnable work) {
        if (frozen) {
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "saving terminal sessions failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: the application is stopping, and its sessions stay as last saved.
        }
    }

    /**
     * One turn: list saved sessions (until that has worked once), retry removals, save one slice of
     * the terminals, and once a round forget expired sessions.
     */
    private void round() {
        if (frozen) {
            // After the last save: the shells are ending, and what they look like now is not what the user left.
            return;
        }
        int slice = (int) (turns++ % SLICES);
        if (slice == 0) {
            rounds++;
        }
        try {
            if (!loaded) {
                load();
            }
            removeAll();
            save(prepare(tracked.values().stream().filter(t -> t.slice == slice).toList(), true));
            if (slice == 0) {
                expire(System.nanoTime());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "saving terminal sessions failed", e);
        }
    }

    private void load() {
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
            down(e);
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
                removals.add(new Removal(workspaceId, entry.id()));
                continue;
            }
            long outputStart = entry.outputStart()
                    .map(value -> Tuple.fromBytes(value).getLong(0))
                    .orElse(session.get().offset());
            found.add(new Restorable(session.get(), outputStart, now));
        }
        return found;
    }

    private void remove(Removal removal) {
        removals.add(removal);
        removeAll();
    }

    private void removeAll() {
        while (!removals.isEmpty()) {
            Removal removal = removals.peek();
            try {
                store.transact(tx -> {
                    tx.clearRange(removal.terminalId() == null ? keys.terminals(removal.workspaceId()).range()
                            : keys.terminal(removal.workspaceId(), removal.terminalId()).range());
                    return null;
                });
            } catch (StoreUnavailableException e) {
                down(e);
                return;
            }
            removals.poll();
            if (removal.terminalId() == null) {
                hooks.removeWorkspace(removal.workspaceId());
            } else {
                hooks.remove(removal.workspaceId(), removal.terminalId());
            }
            up();
        }
    }

    /**
     * What each terminal's save writes; terminals with nothing new are left out, and with
     * {@code throttled} so are those that would write a flood again too soon.
     */
    private List<Save> prepare(List<Tracked> terminals, boolean throttled) {
        List<Save> saves = new ArrayList<>();
        for (Tracked t : terminals) {
            TerminalSnapshot snapshot = t.terminal.snapshot(t.output.readFrom());
            t.reported(hooks.read(snapshot.workspaceId(), snapshot.id(), t.report));
            // A directory that cannot be read now (the shell is ending) does not replace the one saved.
            String cwd = Path.of(snapshot.currentCwd()).isAbsolute() || t.saved == null ? snapshot.currentCwd()
                    : t.saved.cwd();
            SavedSession session = new SavedSession(snapshot.id(), snapshot.workspaceId(), snapshot.shell(),
                    snapshot.startCwd(), cwd, t.env, t.history, snapshot.cols(), snapshot.rows(), snapshot.startedAt(), snapshot.lastActiveAt(),
                    snapshot.offset());
            SavedOutput.Plan output = t.output.plan(snapshot.ringStart(), snapshot.ring());
            if (throttled && output.flood() && rounds - t.floodRound < FLOOD_ROUNDS) {
                continue;
            }
            boolean changed = !session.equals(t.saved);
            if (!changed && output.isEmpty()) {
                continue;
            }
            byte[] state = changed ? SessionCodec.encode(session) : null;
            byte[] key = keys.terminalState(session.workspaceId(), session.id());
            saves.add(new Save(t, session, state, output, output.bytes() + (state == null ? 0 : key.length + state.length)));
        }
        return saves;
    }

    /** Commits saves in transactions of about {@link #TRANSACTION_BYTES}, one terminal's save in one. */
    private void save(List<Save> saves) {
        List<Save> batch = new ArrayList<>();
        int bytes = 0;
        for (Save save : saves) {
            if (!batch.isEmpty() && bytes + save.bytes() > TRANSACTION_BYTES) {
                if (!commit(batch, bytes)) {
                    return;
                }
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(save);
            bytes += save.bytes();
        }
        if (!batch.isEmpty()) {
            commit(batch, bytes);
        }
    }

    private boolean commit(List<Save> batch, int bytes) {
        long began = System.nanoTime();
        try {
            store.transact(tx -> {
                for (Save save : batch) {
                    if (save.state() != null) {
                        tx.set(keys.terminalState(save.session().workspaceId(), save.session().id()), save.state());
                    }
                    save.output().apply(tx);
                }
                return null;
            });
        } catch (StoreUnavailableException e) {
            down(e);
            return false;
        }
        for (Save save : batch) {
            save.tracked().saved = save.session();
            save.output().committed();
            if (save.output().flood()) {
                save.tracked().floodRound = rounds;
            }
        }
        up();
        LOG.fine(() -> "saved " + batch.size() + " terminal sessions, " + bytes + " bytes, in "
                + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - began) + " µs");
        return true;
    }

    /** Forgets restorable sessions nobody attached to within the detached grace period. */
    private void expire(long nowNanos) {
        long grace = settings.detachedGrace().toNanos();
        for (Restorable candidate : List.copyOf(restorable.values())) {
            if (nowNanos - candidate.listedNanos() > grace && restorable.remove(candidate.session().id(), candidate)) {
                SavedSession session = candidate.session();
                LOG.info(() -> "forgetting the saved terminal " + session.id() + " of " + session.workspaceId()
                        + ": nobody attached for " + settings.detachedGrace().toMinutes() + " min");
                removals.add(new Removal(session.workspaceId(), session.id()));
            }
        }
        removeAll();
    }

    private void down(StoreUnavailableException e) {
        if (!storeDown) {
            storeDown = true;
            LOG.warning(() -> "terminal sessions cannot be saved now, trying again every " + saveIntervalMillis
                    + " ms: " + e.getMessage());
        }
    }

    private void up() {
        if (storeDown) {
            storeDown = false;
            LOG.info("terminal sessions are saved again");
        }
    }
}
