package io.coditect.terminal.engine;

import io.coditect.platform.error.ApiException;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.Housekeeping;
import io.coditect.terminal.TerminalHost;
import io.coditect.terminal.TerminalIds;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalListener;
import io.coditect.terminal.TerminalMonitor;
import io.coditect.terminal.TerminalPhase;
import io.coditect.terminal.TerminalRefusals;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalTap;
import io.coditect.terminal.persistence.RestoredSession;
import io.coditect.terminal.persistence.SavedSession;
import io.coditect.terminal.persistence.SessionPersistence;
import io.coditect.terminal.persistence.TerminalSessions;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.store.StoreUnavailableException;
import io.coditect.workspace.LocalProvisioner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Terminals on this machine: a shell per terminal on a pty4j PTY, in the workspace's directory.
 * Their PTYs belong to {@code coditect.terminal.event-loops} {@link PtyLoop}s (one by default),
 * assigned in turn; no thread is started per terminal. One housekeeping thread, shared by all terminals, disconnects stuck clients, pings idle ones,
 * closes terminals left without a client past the grace period and kills processes that ignored
 * a hang-up; nothing on it blocks or sleeps.
 *
 * <p>Sessions are kept through {@link SessionPersistence}: each terminal is saved while it runs,
 * and after a restart the saved ones are listed as restorable; the first attach to one starts a new
 * shell with its saved state and output ({@link #restore}).
 */
@ApplicationScoped
public class LocalTerminalHost implements TerminalHost {
    private static final Logger LOG = Logger.getLogger(LocalTerminalHost.class.getName());
    private static final long KILL_AFTER_HANGUP_SECONDS = 3;
    /** How long stopping waits for the loops to reap the shells it killed. */
    private static final Duration REAP_AT_STOP = Duration.ofSeconds(3);

    private final TerminalSettings settings;
    private final TerminalListener listener;
    private final Function<String, Path> workspaceDirectory;
    private final Clock clock;
    private final SessionPersistence sessions;
    private final TerminalTap.Factory taps;
    private final Map<String, LocalTerminal> terminals = new ConcurrentHashMap<>();
    private final Housekeeping housekeeping;
    private final List<PtyLoop> loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    /** Set when the application stops: shells that end from then on keep their saved sessions. */
    private volatile boolean stopping;

    /** For the CDI client proxy only. */
    protected LocalTerminalHost() {
        this.settings = null;
        this.listener = null;
        this.workspaceDirectory = null;
        this.clock = null;
        this.sessions = null;
        this.taps = null;
        this.housekeeping = null;
        this.loops = null;
    }

    @Inject
    public LocalTerminalHost(TerminalSettings settings, TerminalMonitor monitor, LocalProvisioner provisioner,
            TerminalSessions sessions, TerminalTap.Factory taps) {
        this(settings, monitor, provisioner::directoryOf, Clock.systemUTC(), sessions, taps);
    }

    /** A host whose terminals end with it. */
    LocalTerminalHost(TerminalSettings settings, TerminalListener listener, Function<String, Path> workspaceDirectory,
            Clock clock) {
        this(settings, listener, workspaceDirectory, clock, SessionPersistence.NONE);
    }

    /** A host without taps (tests and benchmarks of what it saves). */
    public LocalTerminalHost(TerminalSettings settings, TerminalListener listener, Function<String, Path> workspaceDirectory,
            Clock clock, SessionPersistence sessions) {
        this(settings, listener, workspaceDirectory, clock, sessions, TerminalTap.Factory.NONE);
    }

    LocalTerminalHost(TerminalSettings settings, TerminalListener listener, Function<String, Path> workspaceDirectory,
            Clock clock, SessionPersistence sessions, TerminalTap.Factory taps) {
        this.taps = taps;
        this.settings = settings;
        this.listener = listener;
        this.workspaceDirectory = workspaceDirectory;
        this.clock = clock;
        this.sessions = sessions;
        this.loops = IntStream.range(0, settings.eventLoops())
                .mapToObj(i -> new PtyLoop("coditect-pty-loop-" + i)).toList();
        this.housekeeping = new Housekeeping("coditect-terminal-housekeeping", () -> sweep(System.nanoTime()));
    }

    @Override
    public TerminalInfo create(String workspaceId, TerminalSpec spec) {
        long started = System.nanoTime();
        Path root = workspaceDirectory.apply(workspaceId);
        WorkingDirectory cwd = WorkingDirectory.resolve(root, spec.cwd());
        String id = TerminalIds.generate();
        synchronized (terminals) {
            TerminalRefusals.checkRoom(workspaceId, terminals.values().stream().filter(t -> t.workspaceId().equals(workspaceId))
                    .count() + sessions.restorable(workspaceId).size(), settings.maxPerWorkspace());
            Map<String, String> env = environment(spec.shell(), root);
            env.putAll(spec.env());
            // Before the shell: a recording that cannot start refuses the terminal rather than leave it unrecorded.
            TerminalTap tap = taps.open(workspaceId, id, spec.cols(), spec.rows(), spec.recording());
            long spawning = System.nanoTime();
            PtyChild child;
            try {
                child = startShell(sessions.command(workspaceId, id, spec.shell(), List.of()), env,
                        cwd.absolute(), spec.cols(), spec.rows());
            } catch (RuntimeException e) {
                tap.close();
                throw e;
            }
            listener.phase(TerminalPhase.SPAWN, System.nanoTime() - spawning);
            LocalTerminal terminal = new LocalTerminal(id, workspaceId, spec, cwd.relative(), child, loop(), settings,
                    listener, clock, null, sessionEnds(workspaceId, id));
            terminal.tap(tap);
            terminals.put(id, terminal);
            // Before its loop watches it: a shell that ends at once must find its session to end.
            sessions.started(terminal, env, null);
            terminal.start();
            TerminalInfo info = terminal.info();
            listener.phase(TerminalPhase.CREATE, System.nanoTime() - started);
            return info;
        }
    }

    /**
     * Brings back a saved session: a new shell in the directory it was in last (the workspace's
     * root if that is gone), with its environment and history, and a ring that holds its saved
     * output followed by the restored marker, so offsets continue where they were.
     */
    private LocalTerminal restore(String workspaceId, String terminalId) {
        synchronized (terminals) {
            Optional<LocalTerminal> running = terminal(workspaceId, terminalId);
            if (running.isPresent()) {
                return running.get();
            }
            RestoredSession restored;
            try {
                restored = sessions.claim(workspaceId, terminalId).orElseThrow(() -> TerminalRefusals.notFound(terminalId));
            } catch (StoreUnavailableException e) {
                LOG.warning(() -> "cannot restore terminal " + terminalId + " of " + workspaceId + ": " + e.getMessage());
                throw ApiException.unavailable("store_unavailable",
                        "The saved session cannot be read now; try again in a moment.");
            }
            TerminalTap tap = TerminalTap.NONE;
            try {
                SavedSession saved = restored.session();
                tap = taps.reopen(workspaceId, terminalId, saved.cols(), saved.rows());
                Path root = workspaceDirectory.apply(workspaceId);
                // Absolute, or (when the shell's directory could not be read) relative to the workspace.
                Path cwd = root.resolve(saved.cwd());
                Map<String, String> env = environment(saved.shell(), root);
                env.putAll(saved.env());
                // The shell sets these itself; saved values would be stale.
                env.keySet().removeAll(List.of("PWD", "SHLVL", "_"));
                PtyChild child = startShell(sessions.command(workspaceId, terminalId, saved.shell(), saved.history()),
                        env, Files.isDirectory(cwd) ? cwd : root, saved.cols(), saved.rows());
                TerminalSpec spec = new TerminalSpec(saved.shell(), saved.startCwd(), saved.cols(), saved.rows(), Map.of());
                LocalTerminal terminal = new LocalTerminal(terminalId, workspaceId, spec, saved.startCwd(), child, loop(),
                        settings, listener, clock, ResumedOutput.of(restored, settings.ringBytes()), sessionEnds(workspaceId, terminalId));
                terminal.tap(tap);
                terminals.put(terminalId, terminal);
                sessions.started(terminal, env, restored);
                terminal.start();
                LOG.info(() -> "restored terminal " + terminalId + " of " + workspaceId + " at offset " + saved.offset());
                return terminal;
            } catch (RuntimeException e) {
                tap.close();
                sessions.release(restored);
                throw e;
            }
        }
    }

    /** A clean environment: the server's own variables (credentials among them) stay out. */
    private Map<String, String> environment(String shell, Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", System.getenv().getOrDefault("LANG", "C.UTF-8"));
        env.put("HOME", home.toString());
        env.put("SHELL", shell);
        env.put("TERM", settings.term());
        return env;
    }

    private PtyChild startShell(List<String> command, Map<String, String> env, Path cwd, int cols, int rows) {
        try {
            return PtyChild.spawn(command, env, cwd, cols, rows);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot start " + command.getFirst(), e);
            throw ApiException.unavailable("terminal_start_failed", "The shell could not be started.");
        }
    }

    private PtyLoop loop() {
        return loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
    }

    /** When a terminal's shell has ended, so has its saved session (unless the server stops). */
    private Runnable sessionEnds(String workspaceId, String terminalId) {
        return () -> {
            if (!stopping) {
                sessions.ended(workspaceId, terminalId);
            }
        };
    }

    @Override
    public List<TerminalInfo> list(String workspaceId) {
        return Stream.concat(
                        terminals.values().stream().filter(t -> t.workspaceId().equals(workspaceId)).map(LocalTerminal::info),
                        sessions.restorable(workspaceId).stream())
                .sorted(Comparator.comparing(TerminalInfo::createdAt).thenComparing(TerminalInfo::id))
                .toList();
    }

    @Override
    public Optional<TerminalInfo> find(String workspaceId, String terminalId) {
        return terminal(workspaceId, terminalId).map(LocalTerminal::info)
                .or(() -> TerminalIds.isWellFormed(terminalId) ? sessions.restorable(workspaceId, terminalId) : Optional.empty());
    }

    @Override
    public boolean delete(String workspaceId, String terminalId) {
        Optional<LocalTerminal> terminal = terminal(workspaceId, terminalId);
        terminal.ifPresent(t -> {
            sessions.ended(workspaceId, terminalId);
            close(t, CloseCode.TERMINAL_CLOSED, "terminal_deleted");
        });
        return terminal.isPresent() || (TerminalIds.isWellFormed(terminalId) && sessions.discard(workspaceId, terminalId));
    }

    @Override
    public void deleteAll(String workspaceId) {
        sessions.endedWorkspace(workspaceId);
        terminals.values().stream().filter(t -> t.workspaceId().equals(workspaceId))
                .forEach(t -> close(t, CloseCode.TERMINAL_CLOSED, "terminal_deleted"));
    }

    @Override
    public Attachment attach(String workspaceId, String terminalId, OptionalLong offset, ClientChannel channel) {
        if (!TerminalIds.isWellFormed(terminalId)) {
            throw TerminalRefusals.notFound(terminalId);
        }
        LocalTerminal terminal = terminal(workspaceId, terminalId).orElseGet(() -> restore(workspaceId, terminalId));
        return terminal.attach(offset, channel, offset.isPresent());
    }

    /** The running terminal, if there is one. */
    Optional<LocalTerminal> terminal(String workspaceId, String terminalId) {
        if (!TerminalIds.isWellFormed(terminalId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(terminals.get(terminalId)).filter(t -> t.workspaceId().equals(workspaceId));
    }

    private void close(LocalTerminal terminal, CloseCode clientCloseCode, String reason) {
        if (terminals.remove(terminal.id(), terminal)) {
            housekeeping.later(terminal.close(clientCloseCode, reason), KILL_AFTER_HANGUP_SECONDS);
        }
    }

    /** One round of housekeeping as of {@code now} ({@link System#nanoTime()} scale). */
    void sweep(long now) {
        Housekeeping.each(terminals.values(), terminal -> {
            if (terminal.sweep(now)) {
                LOG.info(() -> "closing terminal " + terminal.id() + " of " + terminal.workspaceId()
                        + ": no client for " + settings.detachedGrace().toMinutes() + " min");
                close(terminal, CloseCode.TERMINAL_CLOSED, "terminal_expired");
            }
        }, terminal -> "terminal " + terminal.id());
    }

    /** The application stops: every shell ends and clients are told to go elsewhere. */
    @PreDestroy
    public void shutdown() {
        stopping = true;
        housekeeping.stop();
        for (LocalTerminal terminal : List.copyOf(terminals.values())) {
            terminals.remove(terminal.id());
            try {
                terminal.close(CloseCode.GOING_AWAY, "server_stopping").run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping terminal " + terminal.id() + " failed", e);
            }
        }
        loops.forEach(loop -> loop.shutdown(REAP_AT_STOP));
    }
}
