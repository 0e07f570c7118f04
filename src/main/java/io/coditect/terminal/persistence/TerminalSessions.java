package io.coditect.terminal.persistence;

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
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayDeque;
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

/**
 * Keeps the local terminals' sessions in the store, so they come back after a restart.
 *
 * <p><b>Saving.</b> One writer thread does all store work, in order. A terminal is saved when it
 * starts (or is restored), then every {@code coditect.terminal.save-interval-ms} if anything
 * changed (the terminals are spread over {@value #SLICES} slices of the interval, so their saves do
 * not all fall at once): its state ({@link SavedSession}: the shell's working directory from {@code /proc}, its
 * environment and history from {@link ShellHooks}, decoded again only when the hook's files
 * changed, size, times, output offset) and the output printed since ({@link SessionSaves}). A deleted,
 * exited or expired terminal's state is removed at once (and again on every round while the store
 * is unreachable), after any save of it already under way, so it never comes back.
 *
 * <p><b>Restoring.</b> When the application starts, the saved sessions are listed as {@code restorable}
 * ({@link RestorableSessions}); a shell starts only when a client attaches ({@link #claim}). When the application stops, every terminal is saved
 * one last time before the shells end, and from then on their ending removes nothing.
 */
@ApplicationScoped
public class TerminalSessions implements SessionPersistence {
    private static final Logger LOG = Logger.getLogger(TerminalSessions.class.getName());
    private static final long FINAL_SAVE_SECONDS = 10;
    /** Each turn of the writer saves one slice of the terminals: the interval is divided in this many turns. */
    static final int SLICES = 10;

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final ShellHooks hooks;
    private final long saveIntervalMillis;
    private final Restores restores;
    private final Map<String, SessionSaves.Tracked> tracked = new ConcurrentHashMap<>();
    private final StoreOutage outage;
    private final SessionSaves saves;
    private final RestorableSessions restorable;
    private final ScheduledExecutorService writer;
    /** Removals not yet committed; writer thread only. */
    private final ArrayDeque<Removal> removals = new ArrayDeque<>();
    private volatile boolean frozen;
    /** Rounds (save intervals) and turns (slices of one) so far; writer thread only. */
    private long rounds;
    private long turns;
    /** The slice the next tracked terminal is saved in. */
    private final AtomicInteger nextSlice = new AtomicInteger();

    /** The saved state of one terminal, or (terminalId null) of all of a workspace's terminals, to remove. */
    private record Removal(String workspaceId, String terminalId) {
    }

    /** For the CDI client proxy only. */
    protected TerminalSessions() {
        this.store = null;
        this.keys = null;
        this.hooks = null;
        this.restores = null;
        this.outage = null;
        this.saves = null;
        this.restorable = null;
        this.saveIntervalMillis = 0;
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
            RestorableWorkspaces workspaces, PersistenceSettings persistence, AuditLog audit, ServerRole role) {
        // An agent's store is its own volume's, which no audit listing reads: restores there go unrecorded.
        this(store, keys, settings, data.resolve("terminals"), workspaces::plan, persistence.saveInterval().toMillis(),
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
        this.restores = restores;
        this.hooks = new ShellHooks(hookFiles);
        this.saveIntervalMillis = saveIntervalMillis;
        this.outage = new StoreOutage(saveIntervalMillis);
        this.saves = new SessionSaves(store, keys, hooks, outage);
        this.restorable = new RestorableSessions(store, keys, settings, plans, outage,
                (workspaceId, terminalId) -> removals.add(new Removal(workspaceId, terminalId)));
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
            saves.save(List.copyOf(tracked.values()), false, rounds);
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
    public void started(RunningTerminal terminal, Map<String, String> env, RestoredSession restored) {
        String workspaceId = terminal.workspaceId();
        SavedOutput output = restored != null ? restored.output().output()
                : new SavedOutput(keys.terminalOutputTail(workspaceId, terminal.id()),
                        keys.terminalOutputTailOffset(workspaceId, terminal.id()), 0, SavedOutput.TAIL_BYTES);
        SessionSaves.Tracked started = new SessionSaves.Tracked(terminal, env, output,
                Math.floorMod(nextSlice.getAndIncrement(), SLICES));
        tracked.put(terminal.id(), started);
        submit(() -> {
            if (tracked.get(terminal.id()) == started) {
                saves.save(List.of(started), false, rounds);
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
        restorable.forgetWorkspace(workspaceId);
        submit(() -> {
            // Again on the writer: sessions listed by a start-up read that was under way are stale too.
            restorable.forgetWorkspace(workspaceId);
            remove(new Removal(workspaceId, null));
        });
    }

    @Override
    public List<TerminalInfo> restorable(String workspaceId) {
        return restorable.list(workspaceId);
    }

    @Override
    public Optional<RestoredSession> claim(String workspaceId, String terminalId) {
        return restorable.claim(workspaceId, terminalId);
    }

    @Override
    public void release(RestoredSession session) {
        restorable.release(session);
    }

    @Override
    public boolean discard(String workspaceId, String terminalId) {
        if (!restorable.discard(workspaceId, terminalId)) {
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
            restorable.load();
            removeAll();
            saves.save(tracked.values().stream().filter(t -> t.slice == slice).toList(), true, rounds);
            if (slice == 0) {
                restorable.expire(System.nanoTime());
                removeAll();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "saving terminal sessions failed", e);
        }
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
                outage.down(e);
                return;
            }
            removals.poll();
            if (removal.terminalId() == null) {
                hooks.removeWorkspace(removal.workspaceId());
            } else {
                hooks.remove(removal.workspaceId(), removal.terminalId());
            }
            outage.up();
        }
    }
}
