package io.coditect.relay;

import io.coditect.platform.DaemonTimer;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingCopies;
import io.coditect.recording.RecordingInfo;
import io.coditect.store.StoreUnavailableException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Copies each relayed terminal's recording from the workspace's agent into the gateway's store
 * ({@link RecordingCopies}) while the terminal runs: every {@value #INTERVAL} seconds, soon after a
 * terminal is deleted through this gateway ({@link #nudge}), and before a download of a copy in
 * progress ({@link #copyNow}). The work list is in the store, so a gateway that restarts, or
 * another replica, carries on where the copy stood.
 *
 * <p>The agent is untrusted input (its user controls it). It is asked for its description of the
 * recording, which must be the one the gateway began (id, workspace, terminal, start, size,
 * input) and no shorter than the copy, then for the new text in pieces of at most
 * {@value #PIECE_BYTES} bytes, each of exactly the length asked, of asciicast text (a header
 * first, no raw control byte but the line end, a line end where the agent's text ends). Anything
 * else stops the copy of that recording, keeping what was copied ({@link RecordingInfo#STOPPED});
 * an agent that cannot be reached, or a workspace that is not running, only delays it.
 */
@ApplicationScoped
public class RecordingCopier {
    /** The key of the interval between rounds, in seconds (docs/configuration.md). */
    public static final String INTERVAL = "coditect.gateway.recording-copy-seconds";
    /** Bytes asked of the agent per call: with the one chunk it completes, well inside a store transaction. */
    static final int PIECE_BYTES = 256 * 1024;
    /** Pieces per recording per round (8 MiB): one busy recording does not hold up the others for long. */
    static final int PIECES_PER_ROUND = 32;
    /** Pieces before a download (2 MiB): the client waits for at most this much copying. */
    static final int PIECES_ON_DEMAND = 8;
    static final int PAGE = 100;
    private static final long NUDGE_DELAY_MILLIS = 1000;
    private static final byte[] HEADER_START = "{\"version\":2,".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = Logger.getLogger(RecordingCopier.class.getName());

    /** The agent's side of a copy (an {@link AgentClient} in the gateway; fakes in the tests). */
    interface Agent {
        /** The agent's description of the recording; empty when it has none. Throws {@link ApiException} when unreachable. */
        Optional<RecordingInfo> describe(String workspaceId, String recordingId);

        /**
         * Bytes {@code [from, from + length)} of the recording's text, never more than {@code length}
         * read; throws {@link Refused} for an answer that is not that, {@link ApiException} or
         * {@link UncheckedIOException} when the agent cannot be reached or the answer breaks off.
         */
        byte[] read(String workspaceId, String recordingId, long from, int length);
    }

    /** The agent answered something that is not the recording: its copy stops. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** How one copy went. */
    enum Outcome { COMPLETE, CAUGHT_UP, MORE, STOPPED, NOT_COPYING }

    private final RecordingCopies copies;
    private final WorkspaceRepository workspaces;
    private final Instance<AgentRecordingPieces> agentBean;
    private final boolean gateway;
    private final Duration interval;
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile Agent agent;
    private volatile ScheduledExecutorService timer;

    /** For the CDI client proxy only. */
    protected RecordingCopier() {
        this.copies = null;
        this.workspaces = null;
        this.agentBean = null;
        this.gateway = false;
        this.interval = null;
    }

    @Inject
    public RecordingCopier(RecordingCopies copies, WorkspaceRepository workspaces, Instance<AgentRecordingPieces> agentBean,
                           ServerRole role, @ConfigProperty(name = INTERVAL) long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException(INTERVAL + " must be at least 1");
        }
        this.copies = copies;
        this.workspaces = workspaces;
        this.agentBean = agentBean;
        this.gateway = role.is(Role.GATEWAY);
        this.interval = Duration.ofSeconds(seconds);
    }

    /** A copier over {@code agent} without a timer (tests: each round is run by hand). */
    RecordingCopier(RecordingCopies copies, WorkspaceRepository workspaces, Agent agent) {
        this.copies = copies;
        this.workspaces = workspaces;
        this.agentBean = null;
        this.gateway = true;
        this.interval = null;
        this.agent = agent;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (gateway) {
            agent = agentBean.get();
            timer = DaemonTimer.start("coditect-recording-copier", interval, interval, this::round);
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** A terminal was deleted through this gateway: a round a moment later takes the rest of its recording. */
    public void nudge() {
        ScheduledExecutorService rounds = timer;
        if (rounds != null && nudged.compareAndSet(false, true)) {
            try {
                rounds.schedule(() -> {
                    nudged.set(false);
                    round();
                }, NUDGE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Stopping: the next gateway's rounds carry on from the work list.
                LOG.log(Level.FINE, "no copy round after a delete while stopping", e);
            }
        }
    }

    /** Before a download: copies what the agent has now, a bounded amount; a failure leaves the copy as it was. */
    public void copyNow(String workspaceId, String recordingId) {
        copySafely(workspaceId, recordingId, PIECES_ON_DEMAND);
    }

    /** One round over every copy in progress, of workspaces that run; a failure costs only its recording. */
    void round() {
        RecordingCopies.Copy after = null;
        try {
            List<RecordingCopies.Copy> page;
            do {
                page = copies.pending(after, PAGE);
                for (RecordingCopies.Copy copy : page) {
                    if (workspaces.find(copy.workspaceId()).map(Workspace::status).filter(WorkspaceStatus.RUNNING::equals)
                            .isPresent()) {
                        copySafely(copy.workspaceId(), copy.recordingId(), PIECES_PER_ROUND);
                    }
                    after = copy;
                }
            } while (page.size() == PAGE);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A round of copying recordings from the agents failed; the next one carries on", e);
        }
    }

    private void copySafely(String workspaceId, String recordingId, int pieces) {
        try {
            copy(workspaceId, recordingId, pieces);
        } catch (ApiException | UncheckedIOException | StoreUnavailableException e) {
            LOG.fine(() -> "recording " + recordingId + " not copied this time: " + e.getMessage());
        }
    }

    /** Copies up to {@code pieces} pieces of the recording's new text; ends the copy when the agent's recording ended. */
    Outcome copy(String workspaceId, String recordingId, int pieces) {
        Optional<RecordingCopies.Progress> found = copies.progress(workspaceId, recordingId);
        if (found.isEmpty()) {
            return Outcome.NOT_COPYING;
        }
        RecordingCopies.Progress at = found.get();
        try {
            RecordingInfo held = agent.describe(workspaceId, recordingId)
                    .orElseThrow(() -> new Refused("that it has no such recording"));
            check(at, held);
            long target = held.bytes();
            for (int piece = 0; at.copied() < target; piece++) {
                if (piece == pieces) {
                    return Outcome.MORE;
                }
                int length = (int) Math.min(PIECE_BYTES, target - at.copied());
                byte[] text = agent.read(workspaceId, recordingId, at.copied(), length);
                checkPiece(text, length, at.copied(), at.copied() + length == target);
                if (!copies.append(at, text, held.unrecordedBytes())) {
                    // Another copier (a replica, a download) moved it meanwhile: the next round goes on from there.
                    return Outcome.MORE;
                }
                at = new RecordingCopies.Progress(at.info(), at.copied() + length);
            }
            if (held.endedAt() != null) {
                copies.complete(at, held.endedAt(), held.unrecordedBytes());
                return Outcome.COMPLETE;
            }
            return Outcome.CAUGHT_UP;
        } catch (Refused e) {
            long copied = at.copied();
            LOG.warning(() -> "The copy of recording " + recordingId + " of workspace " + workspaceId + " stops after "
                    + copied + " bytes; the agent answered " + e.getMessage());
            copies.stop(at);
            return Outcome.STOPPED;
        }
    }

    /** The agent's description must be of the recording the gateway began, and hold at least what is copied. */
    private static void check(RecordingCopies.Progress at, RecordingInfo held) {
        RecordingInfo own = at.info();
        try {
            RemoteRecordings.checked(held, own.workspace(), () -> ApiException.badRequest("out_of_shape", "out of shape"));
        } catch (ApiException e) {
            throw new Refused("a description out of shape");
        }
        if (!own.id().equals(held.id()) || !own.terminal().equals(held.terminal())
                || !own.startedAt().equals(held.startedAt()) || own.input() != held.input()
                || own.cols() != held.cols() || own.rows() != held.rows()) {
            throw new Refused("the description of another recording");
        }
        if (held.bytes() < at.copied()) {
            throw new Refused("a recording of " + held.bytes() + " bytes, shorter than the " + at.copied() + " copied");
        }
    }

    /**
     * A piece must be as long as asked and asciicast text: the header's start at the recording's
     * start, no raw control byte but the line end (JSON escapes the others), and a line end where
     * the agent's text ends (it writes whole lines).
     */
    static void checkPiece(byte[] text, int length, long from, boolean last) {
        if (text.length != length) {
            throw new Refused("a piece of " + text.length + " bytes where " + length + " were asked");
        }
        if (from == 0 && (text.length < HEADER_START.length
                || !Arrays.equals(text, 0, HEADER_START.length, HEADER_START, 0, HEADER_START.length))) {
            throw new Refused("text that does not start with an asciicast v2 header");
        }
        for (byte b : text) {
            if (b >= 0 && b < 0x20 && b != '\n') {
                throw new Refused("a raw control byte 0x" + Integer.toHexString(b) + ", which asciicast text never holds");
            }
        }
        if (last && text[text.length - 1] != '\n') {
            throw new Refused("text that does not end with a whole line");
        }
    }
}
