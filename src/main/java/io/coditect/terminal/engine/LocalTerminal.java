package io.coditect.terminal.engine;

import io.coditect.terminal.ActivityReport;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalListener;
import io.coditect.terminal.TerminalRefusals;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalState;
import io.coditect.terminal.TerminalTap;
import io.coditect.terminal.persistence.RunningTerminal;
import io.coditect.terminal.persistence.TerminalSnapshot;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.terminal.wire.WireEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One shell on a local PTY, its output ring and its attached clients.
 *
 * <p>The PTY's master belongs to a {@link PtyLoop}, on which the terminal's {@link PtyReader}
 * reads the output into the ring and hands every client its next frame ({@link AttachedClient}:
 * one frame in flight per client, as large as what is pending), pausing while a client is a
 * window behind.
 *
 * <p>One lock guards the ring, the clients and their cursors; sends, PTY writes and reading the
 * shell's directory happen outside it.
 */
final class LocalTerminal implements RunningTerminal {
    private static final Logger LOG = Logger.getLogger(LocalTerminal.class.getName());

    private final String id;
    private final String workspaceId;
    private final TerminalSpec spec;
    private final String relativeCwd;
    private final PtyChild child;
    private final PtyInput input;
    private final PtyReader reader;
    final OutputRing ring;
    final TerminalSettings settings;
    final TerminalListener listener;
    private final Runnable ended;
    private final Clock clock;
    private final Instant createdAt;
    /** Offset of the restored marker in a resumed session, else -1. */
    private final long restoredAt;
    final ReentrantLock lock = new ReentrantLock();
    private final ActivityReport activity;

    private final AttachedClients clients = new AttachedClients();
    private int cols;
    private int rows;
    private volatile boolean closed;
    private Integer exitCode;
    /** Set before {@link #start}; what sees the PTY's traffic ({@link #tap(TerminalTap)}). */
    private TerminalTap tap = TerminalTap.NONE;
    private volatile long lastActiveMillis;

    /**
     * A terminal that continues a saved session ({@code resumed}), or a new one when it is null;
     * {@code ended} runs when its shell has ended (before the listener hears of it).
     */
    LocalTerminal(String id, String workspaceId, TerminalSpec spec, String relativeCwd, PtyChild child, PtyLoop loop,
            TerminalSettings settings, TerminalListener listener, Clock clock, ResumedOutput resumed, Runnable ended) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.spec = spec;
        this.relativeCwd = relativeCwd;
        this.child = child;
        this.input = new PtyInput(child.master());
        this.reader = new PtyReader(this, child, loop, input);
        this.ring = resumed == null ? new OutputRing(settings.ringBytes()) : resumed.ring();
        this.settings = settings;
        this.listener = listener;
        this.ended = ended;
        this.clock = clock;
        this.createdAt = resumed == null ? clock.instant() : resumed.createdAt();
        this.restoredAt = resumed == null ? -1 : resumed.restoredAt();
        this.lastActiveMillis = createdAt.toEpochMilli();
        this.activity = new ActivityReport(() -> {
            lastActiveMillis = clock.millis();
            listener.active(workspaceId);
        });
        this.cols = spec.cols();
        this.rows = spec.rows();
    }

    /** Before {@link #start}: {@code newTap} sees the PTY's traffic, after its announcement opens the output. */
    void tap(TerminalTap newTap) {
        byte[] announcement = newTap.announcement();
        ring.append(announcement, 0, announcement.length);
        newTap.output(ByteBuffer.wrap(announcement));
        tap = newTap;
    }

    /** The loop's side: what sees the output it reads. */
    TerminalTap tap() {
        return tap;
    }

    /** Hands the PTY to its loop; called once, after the terminal is registered. */
    void start() {
        listener.started(workspaceId);
        reader.start();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String workspaceId() {
        return workspaceId;
    }

    boolean closed() {
        return closed;
    }

    TerminalInfo info() {
        lock.lock();
        try {
            return new TerminalInfo(id, workspaceId, spec.shell(), relativeCwd, cols, rows,
                    exitCode == null ? TerminalState.RUNNING : TerminalState.EXITED, exitCode,
                    ring.start(), ring.end(), clients.count(), createdAt, Instant.ofEpochMilli(lastActiveMillis));
        } finally {
            lock.unlock();
        }
    }

    /** The terminal's state for the store ({@link TerminalCopy}). */
    @Override
    public TerminalSnapshot snapshot(long outputFrom) {
        return TerminalCopy.of(this, child.pid(), outputFrom);
    }

    /** Lock held: the terminal as it is now, as a snapshot with the output (from {@code from}) copied later. */
    Function<byte[], TerminalSnapshot> stateNow(String cwd, long from) {
        int atCols = cols;
        int atRows = rows;
        Instant active = Instant.ofEpochMilli(lastActiveMillis);
        return output -> new TerminalSnapshot(id, workspaceId, spec.shell(), relativeCwd, cwd, spec.env(), atCols, atRows,
                createdAt, active, from, output);
    }

    /** Where the shell started, relative to the workspace. */
    String relativeCwd() {
        return relativeCwd;
    }

    Attachment attach(OptionalLong requested, ClientChannel channel, boolean reattach) {
        AttachedClient client;
        lock.lock();
        try {
            if (closed) {
                throw TerminalRefusals.closed();
            }
            OutputRing.Replay replay = ring.replayFrom(requested);
            long from = replay.from();
            client = new AttachedClient(this, channel, from);
            client.queueEvent(from, WireEvents.attached(from, replay.truncated()));
            if (restoredAt >= from) {
                client.queueEvent(restoredAt, WireEvents.restored(restoredAt));
            }
            if (exitCode != null) {
                client.queueExit(exitCode);
            }
            clients.add(client);
        } finally {
            lock.unlock();
        }
        listener.attached(workspaceId, reattach);
        active();
        client.pump();
        return client;
    }

    /** Takes a client off the terminal and closes its connection with {@code closeCode} (null: leave it open). */
    void remove(AttachedClient client, CloseCode closeCode, String reason) {
        boolean removed;
        boolean resume;
        lock.lock();
        try {
            if (!client.leave()) {
                return;
            }
            removed = clients.remove(client);
            resume = drainedEnough();
        } finally {
            lock.unlock();
        }
        if (resume) {
            resumeReading();
        }
        if (removed) {
            listener.detached(workspaceId);
            active();
        }
        if (closeCode != null) {
            client.channel().close(closeCode, reason);
        }
    }

    /** Lock held: the clients now. */
    AttachedClient[] clients() {
        return clients.all();
    }

    /** Lock held: see {@link PtyReader#drainedEnough}. */
    boolean drainedEnough() {
        return reader.drainedEnough();
    }

    void resumeReading() {
        reader.resumeReading();
    }

    /** The most unsent output any client has; 0 without clients. Lock held. */
    long unsent() {
        return clients.unsent(ring.end());
    }

    /** The shell ended with {@code status} after its last output: every client gets the exit event next. */
    AttachedClient[] exited(int status) {
        lock.lock();
        try {
            exitCode = status;
            for (AttachedClient client : clients.all()) {
                client.queueExit(status);
            }
            return clients.all();
        } finally {
            lock.unlock();
        }
    }

    /** The shell has ended and its clients have their exit events. */
    void ended() {
        tap.close();
        ended.run();
        listener.ended(workspaceId);
    }

    void input(AttachedClient from, ByteBuffer bytes) {
        int length = bytes.remaining();
        ByteBuffer written = bytes.duplicate();
        switch (input.offer(bytes)) {
            case WRITTEN -> { }
            case QUEUED -> reader.inputQueued();
            case OVERFLOW -> {
                from.refuse(PtyInput.OVERFLOW_CODE, "The terminal is not reading its input: more than "
                        + PtyInput.QUEUE_BYTES + " bytes are waiting, and this frame was dropped.");
                return;
            }
            case CLOSED -> {
                // The shell is gone; its exit event is on the way.
                return;
            }
        }
        tap.input(written);
        listener.input(workspaceId, length);
        active();
    }

    void resize(int newCols, int newRows) {
        lock.lock();
        try {
            if (exitCode != null || closed) {
                return;
            }
            cols = newCols;
            rows = newRows;
            tap.resize(newCols, newRows);
        } finally {
            lock.unlock();
        }
        input.withMaster(() -> {
            try {
                child.resize(newCols, newRows);
            } catch (IOException e) {
                // The shell has just ended; its exit event is on the way.
                LOG.log(Level.FINE, "resize after exit", e);
            }
        });
        active();
    }

    void active() {
        activity.touch();
    }

    /**
     * Disconnects clients stuck behind an unsent frame, pings idle ones, and says whether the
     * terminal has had no client for longer than the detached grace period.
     */
    boolean sweep(long nowNanos) {
        AttachedClient[] current;
        boolean expired;
        lock.lock();
        try {
            current = clients.all();
            expired = !closed && clients.noneFor(settings.detachedGrace(), nowNanos);
        } finally {
            lock.unlock();
        }
        for (AttachedClient client : current) {
            client.sweep(nowNanos);
        }
        return expired;
    }

    /**
     * Hangs up the shell's process group, closes the PTY and disconnects every client; returns what
     * kills the processes that ignored the hang-up, for the caller to run a few seconds later (no
     * thread here sleeps). The caller forgets the terminal; the loop reaps the shell when it ends.
     */
    Runnable close(CloseCode clientCloseCode, String reason) {
        AttachedClient[] current;
        lock.lock();
        try {
            if (closed) {
                return () -> { };
            }
            closed = true;
            current = clients.all();
        } finally {
            lock.unlock();
        }
        tap.close();
        for (AttachedClient client : current) {
            remove(client, clientCloseCode, reason);
        }
        Runnable kill = ProcessSignals.hangUp(child.pid());
        reader.hangUpOnLoop();
        return kill;
    }
}
