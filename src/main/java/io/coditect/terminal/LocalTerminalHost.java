package io.coditect.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.LocalProvisioner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Terminals on this machine: a shell per terminal on a pty4j PTY, in the workspace's directory.
 * One housekeeping thread, shared by all terminals, disconnects stuck clients, pings idle ones,
 * closes terminals left without a client past the grace period and kills processes that ignored
 * a hang-up; nothing on it blocks or sleeps.
 */
@ApplicationScoped
public class LocalTerminalHost implements TerminalHost {
    private static final Logger LOG = Logger.getLogger(LocalTerminalHost.class.getName());
    private static final long SWEEP_MILLIS = 1000;
    private static final long KILL_AFTER_HANGUP_SECONDS = 3;
    /** Reader threads block in a native read; a small stack keeps an idle terminal cheap. */
    private static final long READER_STACK_BYTES = 256 * 1024;

    private final TerminalSettings settings;
    private final TerminalListener listener;
    private final Function<String, Path> workspaceDirectory;
    private final Clock clock;
    private final Map<String, LocalTerminal> terminals = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;
    private final Thread.Builder readers;

    /** For the CDI client proxy only. */
    protected LocalTerminalHost() {
        this.settings = null;
        this.listener = null;
        this.workspaceDirectory = null;
        this.clock = null;
        this.housekeeping = null;
        this.readers = null;
    }

    @Inject
    public LocalTerminalHost(TerminalSettings settings, TerminalMonitor monitor, LocalProvisioner provisioner) {
        this(settings, monitor, provisioner::directoryOf, Clock.systemUTC());
    }

    LocalTerminalHost(TerminalSettings settings, TerminalListener listener, Function<String, Path> workspaceDirectory,
            Clock clock) {
        this.settings = settings;
        this.listener = listener;
        this.workspaceDirectory = workspaceDirectory;
        this.clock = clock;
        this.readers = Thread.ofPlatform().daemon().stackSize(READER_STACK_BYTES);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("coditect-terminal-housekeeping").factory());
        housekeeping.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public TerminalInfo create(String workspaceId, TerminalSpec spec) {
        Path root = workspaceDirectory.apply(workspaceId);
        WorkingDirectory cwd = WorkingDirectory.resolve(root, spec.cwd());
        String id = TerminalIds.generate();
        synchronized (terminals) {
            long count = terminals.values().stream().filter(t -> t.workspaceId().equals(workspaceId)).count();
            if (count >= settings.maxPerWorkspace()) {
                throw ApiException.conflict("terminal_limit_reached", "Workspace " + workspaceId + " already has "
                        + count + " terminals, the most allowed (coditect.terminal.max-per-workspace); delete one first.");
            }
            LocalTerminal terminal = new LocalTerminal(id, workspaceId, spec, cwd.relative(),
                    startShell(spec, cwd.absolute(), root), settings, listener, clock);
            terminals.put(id, terminal);
            terminal.start(readers);
            return terminal.info();
        }
    }

    private PtyProcess startShell(TerminalSpec spec, Path cwd, Path home) {
        Map<String, String> env = new HashMap<>();
        // A clean environment: the server's own variables (credentials among them) stay out.
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", System.getenv().getOrDefault("LANG", "C.UTF-8"));
        env.put("HOME", home.toString());
        env.put("SHELL", spec.shell());
        env.put("TERM", settings.term());
        env.putAll(spec.env());
        try {
            return new PtyProcessBuilder(new String[] {spec.shell()})
                    .setEnvironment(env)
                    .setDirectory(cwd.toString())
                    .setInitialColumns(spec.cols())
                    .setInitialRows(spec.rows())
                    .setConsole(false)
                    .start();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot start " + spec.shell(), e);
            throw ApiException.unavailable("terminal_start_failed", "The shell could not be started.");
        }
    }

    @Override
    public List<TerminalInfo> list(String workspaceId) {
        return terminals.values().stream()
                .filter(t -> t.workspaceId().equals(workspaceId))
                .map(LocalTerminal::info)
                .sorted(Comparator.comparing(TerminalInfo::createdAt).thenComparing(TerminalInfo::id))
                .toList();
    }

    @Override
    public Optional<TerminalInfo> find(String workspaceId, String terminalId) {
        return terminal(workspaceId, terminalId).map(LocalTerminal::info);
    }

    @Override
    public boolean delete(String workspaceId, String terminalId) {
        Optional<LocalTerminal> terminal = terminal(workspaceId, terminalId);
        terminal.ifPresent(t -> close(t, LocalTerminal.CLOSE_TERMINAL_CLOSED, "terminal_deleted"));
        return terminal.isPresent();
    }

    @Override
    public void deleteAll(String workspaceId) {
        terminals.values().stream().filter(t -> t.workspaceId().equals(workspaceId))
                .forEach(t -> close(t, LocalTerminal.CLOSE_TERMINAL_CLOSED, "terminal_deleted"));
    }

    @Override
    public Attachment attach(String workspaceId, String terminalId, OptionalLong offset, ClientChannel channel) {
        LocalTerminal terminal = terminal(workspaceId, terminalId).orElseThrow(() -> notFound(terminalId));
        return terminal.attach(offset, channel, offset.isPresent());
    }

    @Override
    public Optional<TerminalSnapshot> snapshot(String workspaceId, String terminalId) {
        return terminal(workspaceId, terminalId).map(LocalTerminal::snapshot);
    }

    private Optional<LocalTerminal> terminal(String workspaceId, String terminalId) {
        if (!TerminalIds.isWellFormed(terminalId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(terminals.get(terminalId)).filter(t -> t.workspaceId().equals(workspaceId));
    }

    private void close(LocalTerminal terminal, int clientCloseCode, String reason) {
        if (terminals.remove(terminal.id(), terminal)) {
            Runnable killSurvivors = terminal.close(clientCloseCode, reason);
            housekeeping.schedule(killSurvivors, KILL_AFTER_HANGUP_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void sweep() {
        sweep(System.nanoTime());
    }

    /** One round of housekeeping as of {@code now} ({@link System#nanoTime()} scale). */
    void sweep(long now) {
        for (LocalTerminal terminal : terminals.values()) {
            try {
                if (terminal.sweep(now)) {
                    LOG.info(() -> "closing terminal " + terminal.id() + " of " + terminal.workspaceId()
                            + ": no client for " + settings.detachedGrace().toMinutes() + " min");
                    close(terminal, LocalTerminal.CLOSE_TERMINAL_CLOSED, "terminal_expired");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "housekeeping of terminal " + terminal.id() + " failed", e);
            }
        }
    }

    /** The application stops: every shell ends and clients are told to go elsewhere. */
    @PreDestroy
    void shutdown() {
        housekeeping.shutdownNow();
        for (LocalTerminal terminal : List.copyOf(terminals.values())) {
            terminals.remove(terminal.id());
            try {
                terminal.close(LocalTerminal.CLOSE_GOING_AWAY, "server_stopping").run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping terminal " + terminal.id() + " failed", e);
            }
        }
    }

    private static ApiException notFound(String terminalId) {
        return ApiException.notFound("terminal_not_found", "There is no terminal " + terminalId + ".");
    }
}
