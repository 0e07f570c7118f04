package io.coditect.recording;

import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.RecordingRequest;
import io.coditect.terminal.TerminalTap;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides, for each terminal a local host starts, whether it is recorded (the deployment's
 * {@code coditect.recording.*}, and what the gateway asked in the agent role, else the workspace's
 * policy; a restored terminal as it was started, {@link RecordingStart}), and writes the
 * recordings: one writer thread for all of them, so the terminals' own threads never wait for the
 * store. In the agent role the gateway writes the {@code recording.start} event, not this.
 */
@ApplicationScoped
public class Recorder implements TerminalTap.Factory {
    private static final Logger LOG = Logger.getLogger(Recorder.class.getName());
    private static final long STOP_WAIT_SECONDS = 5;

    private final RecordingStore store;
    private final RecordingSettings settings;
    private final boolean audited;
    private final Clock clock;
    private final ScheduledExecutorService writer;
    private final Set<ActiveRecording> active = ConcurrentHashMap.newKeySet();

    /** For the CDI client proxy only. */
    protected Recorder() {
        this.store = null;
        this.settings = null;
        this.audited = false;
        this.clock = null;
        this.writer = null;
    }

    @Inject
    public Recorder(RecordingStore store, RecordingSettings settings, ServerRole role) {
        this(store, settings, !role.is(Role.AGENT), Clock.systemUTC());
    }

    Recorder(RecordingStore store, RecordingSettings settings, boolean audited, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.audited = audited;
        this.clock = clock;
        this.writer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("coditect-recording-writer").factory());
    }

    /**
     * Throws {@link io.coditect.store.StoreUnavailableException} when the policy cannot be read, and
     * {@code 400 invalid_recording_request} for a request without a well-formed recording id: the terminal is refused.
     */
    @Override
    public TerminalTap open(String workspaceId, String terminalId, int cols, int rows, RecordingRequest requested) {
        if (requested != null && (requested.enabled() || requested.id() != null) && !RecordingIds.isWellFormed(requested.id())) {
            throw ApiException.badRequest("invalid_recording_request", "A recorded terminal needs a recording id "
                    + "of the form rec-<13 digits>-<8 hex digits>.");
        }
        return start(workspaceId, terminalId, cols, rows, new RecordingStart(settings.deployment(), requested, false, audited));
    }

    @Override
    public TerminalTap reopen(String workspaceId, String terminalId, int cols, int rows) {
        return start(workspaceId, terminalId, cols, rows, new RecordingStart(settings.deployment(), null, true, audited));
    }

    private TerminalTap start(String workspaceId, String terminalId, int cols, int rows, RecordingStart start) {
        long startNanos = System.nanoTime();
        return store.start(workspaceId, terminalId, cols, rows, start)
                .<TerminalTap>map(info -> {
                    ActiveRecording recording = new ActiveRecording(info, Asciicast.header(cols, rows, info.startedAt()),
                            store, this::schedule, clock, settings.pendingBytes(), startNanos, active::remove);
                    active.add(recording);
                    return recording;
                })
                .orElse(TerminalTap.NONE);
    }

    /** Recordings still running. */
    int active() {
        return active.size();
    }

    private void schedule(Runnable flush, long delayMillis) {
        try {
            writer.schedule(flush, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: stop() writes what is left.
            LOG.log(Level.FINE, "recording flush after stop", e);
        }
    }

    /** The server stops: every recording ends, and what is queued is written on this thread. */
    @PreDestroy
    void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ActiveRecording recording : List.copyOf(active)) {
            recording.close();
            recording.flush();
        }
    }
}
