package io.coditect.terminal;

import com.sun.jna.Memory;
import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One shell on a local PTY, its output ring and its attached clients.
 *
 * <p>The PTY's master belongs to a {@link PtyLoop}: when it is readable the loop reads it until
 * {@code EAGAIN} or {@value PtyLoop#READ_BYTES} bytes into the ring, then hands every client its
 * next frame ({@link AttachedClient}: one frame in flight per client, as large as what is
 * pending). Flow control: while any client's unsent output ({@code ring end - cursor}) is a window
 * or more, the loop stops watching the master (the kernel's PTY buffer then fills and the program
 * writing to it blocks); it watches again once that client is down to half a window. A read never
 * takes more than the ring can hold without overwriting a client's unsent bytes. The shell's exit
 * comes through its {@code pidfd} on the same loop; the exit event follows the last output read.
 *
 * <p>One lock guards the ring, the clients and their cursors; sends, PTY writes and reading the
 * shell's directory happen outside it. The fields marked "loop" are the loop thread's alone.
 */
final class LocalTerminal implements PtyLoop.Handler {
    private static final Logger LOG = Logger.getLogger(LocalTerminal.class.getName());
    private static final long ACTIVITY_REPORT_NANOS = 1_000_000_000L;
    private static final int SNAPSHOT_TRIES = 3;

    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_TERMINAL_CLOSED = 4000;
    static final int CLOSE_SLOW_CLIENT = 4001;

    private final String id;
    private final String workspaceId;
    private final TerminalSpec spec;
    private final String relativeCwd;
    private final PtyChild child;
    private final PtyLoop loop;
    private final PtyInput input;
    final OutputRing ring;
    final TerminalSettings settings;
    final TerminalListener listener;
    private final Clock clock;
    private final Instant createdAt;
    /** Offset of the restored marker in a resumed session, else -1. */
    private final long restoredAt;
    final ReentrantLock lock = new ReentrantLock();
    private final Runnable reapCheck = this::checkExit;
    /** When the shell was spawned, until its first output was read (then 0); loop only after construction. */
    private long spawnedNanos = System.nanoTime();

    private AttachedClient[] clients = new AttachedClient[0];
    private int cols;
    private int rows;
    /** Written under the lock; the loop reads it to set what it watches. */
    private volatile boolean paused;
    private volatile boolean closed;
    private Integer exitCode;
    /** Set before {@link #start}; what sees the PTY's traffic ({@link #tap(TerminalTap)}). */
    private TerminalTap tap = TerminalTap.NONE;
    private long detachedSinceNanos = System.nanoTime();
    private volatile long lastActiveMillis;
    private volatile long lastReportNanos;

    /** Loop: whether the master is in the epoll set, and with which events. */
    private boolean watched;
    private int interest;
    /** Loop: the shell has been reaped, with this status; the exit event waits for its last output. */
    private boolean exited;
    private int exitStatus;
    private boolean finished;

    LocalTerminal(String id, String workspaceId, TerminalSpec spec, String relativeCwd, PtyChild child, PtyLoop loop,
            TerminalSettings settings, TerminalListener listener, Clock clock) {
        this(id, workspaceId, spec, relativeCwd, child, loop, settings, listener, clock, null);
    }

    /** A terminal that continues a saved session ({@code resumed}), or a new one when it is null. */
    LocalTerminal(String id, String workspaceId, TerminalSpec spec, String relativeCwd, PtyChild child, PtyLoop loop,
            TerminalSettings settings, TerminalListener listener, Clock clock, Resumed resumed) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.spec = spec;
        this.relativeCwd = relativeCwd;
        this.child = child;
        this.loop = loop;
        this.input = new PtyInput(child.master());
        this.ring = resumed == null ? new OutputRing(settings.ringBytes()) : resumed.ring();
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.createdAt = resumed == null ? clock.instant() : resumed.createdAt();
        this.restoredAt = resumed == null ? -1 : resumed.restoredAt();
        this.lastActiveMillis = createdAt.toEpochMilli();
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

    /** Hands the PTY to its loop; called once, after the terminal is registered. */
    void start() {
        listener.started(workspaceId);
        loop.execute(this::watch);
    }

    String id() {
        return id;
    }

    String workspaceId() {
        return workspaceId;
    }

    TerminalInfo info() {
        lock.lock();
        try {
            return new TerminalInfo(id, workspaceId, spec.shell(), relativeCwd, cols, rows,
                    exitCode == null ? TerminalState.RUNNING : TerminalState.EXITED, exitCode,
                    ring.start(), ring.end(), clients.length, createdAt, Instant.ofEpochMilli(lastActiveMillis));
        } finally {
            lock.unlock();
        }
    }

    TerminalSnapshot snapshot() {
        return snapshot(0);
    }

    /**
     * A snapshot whose output starts at {@code outputFrom}, or at the oldest byte held if that is
     * later. The directory is read and the output copied without the lock, so a save never holds
     * up the terminal's output.
     */
    TerminalSnapshot snapshot(long outputFrom) {
        String cwd = currentCwd();
        for (int attempt = 1; ; attempt++) {
            OutputRing.View view;
            int viewCols;
            int viewRows;
            Instant active;
            lock.lock();
            try {
                view = ring.view(Math.max(ring.start(), Math.min(outputFrom, ring.end())));
                viewCols = cols;
                viewRows = rows;
                active = Instant.ofEpochMilli(lastActiveMillis);
                if (attempt == SNAPSHOT_TRIES) {
                    // Output this fast has overtaken the copy every time: take it under the lock.
                    return snapshot(cwd, viewCols, viewRows, active, view.from(), view.copy());
                }
            } finally {
                lock.unlock();
            }
            byte[] output = view.copy();
            long startNow;
            lock.lock();
            try {
                startNow = ring.start();
            } finally {
                lock.unlock();
            }
            if (view.intact(startNow)) {
                return snapshot(cwd, viewCols, viewRows, active, view.from(), output);
            }
        }
    }

    private TerminalSnapshot snapshot(String cwd, int atCols, int atRows, Instant active, long from, byte[] output) {
        return new TerminalSnapshot(id, workspaceId, spec.shell(), relativeCwd, cwd, spec.env(), atCols, atRows,
                createdAt, active, from, output);
    }

    /** Where the shell is now (Linux), else where it started. */
    private String currentCwd() {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(child.pid()), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return relativeCwd;
        }
    }

    // ---- the loop -----------------------------------------------------------------------------

    private void watch() {
        if (closed) {
            hangUp();
        } else {
            loop.add(child.master(), LinuxIo.EPOLLIN, this);
            watched = true;
            interest = LinuxIo.EPOLLIN;
        }
        if (child.pidfd() >= 0) {
            loop.add(child.pidfd(), LinuxIo.EPOLLIN, this);
        } else {
            loop.every(reapCheck);
        }
    }

    @Override
    public void ready(int fd, int events) {
        if (fd == child.pidfd()) {
            checkExit();
            return;
        }
        if ((events & LinuxIo.EPOLLOUT) != 0) {
            input.drain();
            updateInterest();
        }
        if ((events & (LinuxIo.EPOLLIN | LinuxIo.EPOLLHUP | LinuxIo.EPOLLERR)) != 0) {
            readOutput();
        }
    }

    /**
     * Reads what the PTY has (as much as the ring can take), hands it to the clients, and pauses or
     * finishes. The room is decided, the PTY read (non-blocking) and the ring appended under the
     * lock in one go: a client attaching in between must not find the bytes it starts at
     * overwritten by a read sized before it came.
     */
    private void readOutput() {
        int n = 0;
        boolean pausedNow = false;
        boolean drained = !watched;
        boolean hungUp = false;
        AttachedClient[] targets = null;
        if (watched) {
            Memory buffer = loop.buffer();
            lock.lock();
            try {
                // A client that attached from far back may be a window behind before anything was read.
                if (!paused && !closed && unsent() >= settings.windowBytes()) {
                    paused = true;
                    pausedNow = true;
                }
                int room = paused || closed ? 0 : (int) Math.min(PtyLoop.READ_BYTES, ring.capacity() - unsent());
                while (n < room) {
                    long read = LinuxIo.read(child.master(), buffer.share(n), room - n);
                    if (read > 0) {
                        n += (int) read;
                        continue;
                    }
                    int errno = read == 0 ? LinuxIo.EIO : LinuxIo.errno();
                    if (errno == LinuxIo.EINTR) {
                        continue;
                    }
                    drained = true;
                    // EIO: nobody holds the PTY's other side any more; the exit comes through the pidfd or the sweep.
                    hungUp = errno != LinuxIo.EAGAIN;
                    break;
                }
                if (n > 0) {
                    ring.append(buffer::read, n);
                    tap.output(buffer.getByteBuffer(0, n));
                    targets = clients;
                    if (!paused && unsent() >= settings.windowBytes()) {
                        paused = true;
                        pausedNow = true;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        if (hungUp) {
            unwatch();
        }
        if (n > 0) {
            if (spawnedNanos != 0) {
                listener.phase(TerminalPhase.FIRST_OUTPUT, System.nanoTime() - spawnedNanos);
                spawnedNanos = 0;
            }
            active();
            for (AttachedClient client : targets) {
                client.pump();
            }
        }
        if (pausedNow) {
            listener.paused();
            updateInterest();
        }
        if (exited) {
            if (drained) {
                finish();
            } else if (!paused) {
                loop.execute(this::readOutput);
            }
        }
    }

    /** What the loop watches the master for: output unless paused or closed, writability while input waits. */
    private void updateInterest() {
        if (!watched) {
            return;
        }
        int wanted = (paused || closed ? 0 : LinuxIo.EPOLLIN) | (input.pending() ? LinuxIo.EPOLLOUT : 0);
        if (wanted != interest) {
            loop.modify(child.master(), wanted);
            interest = wanted;
        }
    }

    private void unwatch() {
        if (watched) {
            watched = false;
            loop.remove(child.master());
        }
    }

    /** A client has drained half its window (or left): read again. */
    private void resume() {
        updateInterest();
        readOutput();
    }

    private void checkExit() {
        if (exited) {
            return;
        }
        OptionalInt status = child.reap();
        if (status.isEmpty()) {
            return;
        }
        exited = true;
        exitStatus = status.getAsInt();
        if (child.pidfd() >= 0) {
            loop.remove(child.pidfd());
            child.closePidfd();
        } else {
            loop.cancel(reapCheck);
        }
        readOutput();
    }

    /** The shell has been reaped and its output read: clients get the exit event, and the PTY is closed. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        AttachedClient[] targets;
        lock.lock();
        try {
            exitCode = exitStatus;
            targets = clients;
            for (AttachedClient client : targets) {
                client.queueExit(exitStatus);
            }
        } finally {
            lock.unlock();
        }
        hangUp();
        tap.close();
        listener.ended(workspaceId);
        for (AttachedClient client : targets) {
            client.pump();
        }
    }

    /** Closes the PTY (the shell's terminal hangs up); the pidfd stays until the shell is reaped. */
    private void hangUp() {
        input.close();
        unwatch();
        child.closePty();
    }

    // ---- clients ------------------------------------------------------------------------------

    Attachment attach(OptionalLong requested, ClientChannel channel, boolean reattach) {
        AttachedClient client;
        lock.lock();
        try {
            if (closed) {
                throw gone();
            }
            long from = ring.start();
            boolean truncated = from > 0;
            if (requested.isPresent()) {
                long wanted = requested.getAsLong();
                from = Math.max(ring.start(), Math.min(wanted, ring.end()));
                truncated = wanted < ring.start();
            }
            client = new AttachedClient(this, channel, from);
            client.queueEvent(from, WireEvents.attached(from, truncated));
            if (restoredAt >= from) {
                client.queueEvent(restoredAt, WireEvents.restored(restoredAt));
            }
            if (exitCode != null) {
                client.queueExit(exitCode);
            }
            clients = append(clients, client);
        } finally {
            lock.unlock();
        }
        listener.attached(workspaceId, reattach);
        active();
        client.pump();
        return client;
    }

    /** Takes a client off the terminal and closes its connection with {@code closeCode} (0: leave it open). */
    void remove(AttachedClient client, int closeCode, String reason) {
        boolean removed;
        boolean resume;
        lock.lock();
        try {
            if (!client.leave()) {
                return;
            }
            AttachedClient[] rest = Arrays.stream(clients).filter(c -> c != client).toArray(AttachedClient[]::new);
            removed = rest.length != clients.length;
            clients = rest;
            if (clients.length == 0) {
                detachedSinceNanos = System.nanoTime();
            }
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
        if (closeCode != 0) {
            client.channel().close(closeCode, reason);
        }
    }

    /**
     * Called with the lock held after a client's cursor moved: whether reading, paused for a
     * client that was behind, may go on (then it is no longer paused).
     */
    boolean drainedEnough() {
        if (paused && unsent() <= settings.windowBytes() / 2) {
            paused = false;
            return true;
        }
        return false;
    }

    /** Reading resumes on the loop after {@link #drainedEnough} said so. */
    void resumeReading() {
        loop.execute(this::resume);
    }

    /** The most unsent output any client has; 0 without clients. Lock held. */
    private long unsent() {
        long oldest = ring.end();
        for (AttachedClient client : clients) {
            oldest = Math.min(oldest, client.cursor());
        }
        return ring.end() - oldest;
    }

    void input(AttachedClient from, ByteBuffer bytes) {
        int length = bytes.remaining();
        ByteBuffer written = bytes.duplicate();
        switch (input.offer(bytes)) {
            case WRITTEN -> { }
            case QUEUED -> loop.execute(this::updateInterest);
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

    private void active() {
        long now = System.nanoTime();
        if (now - lastReportNanos >= ACTIVITY_REPORT_NANOS) {
            lastReportNanos = now;
            lastActiveMillis = clock.millis();
            listener.active(workspaceId);
        }
    }

    // ---- housekeeping -------------------------------------------------------------------------

    /**
     * Disconnects clients stuck behind an unsent frame, pings idle ones, and says whether the
     * terminal has had no client for longer than the detached grace period.
     */
    boolean sweep(long nowNanos) {
        AttachedClient[] current;
        boolean expired;
        lock.lock();
        try {
            current = clients;
            expired = !closed && clients.length == 0
                    && nowNanos - detachedSinceNanos > settings.detachedGrace().toNanos();
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
    Runnable close(int clientCloseCode, String reason) {
        AttachedClient[] current;
        lock.lock();
        try {
            if (closed) {
                return () -> { };
            }
            closed = true;
            current = clients;
        } finally {
            lock.unlock();
        }
        tap.close();
        for (AttachedClient client : current) {
            remove(client, clientCloseCode, reason);
        }
        // Captured before the hang-up: once the shell dies its children are re-parented away.
        List<ProcessHandle> descendants = ProcessHandle.of(child.pid()).stream()
                .flatMap(ProcessHandle::descendants).toList();
        long group = child.pid();
        ProcessSignals.signalGroup(group, ProcessSignals.SIGHUP);
        loop.execute(this::hangUp);
        return () -> {
            ProcessSignals.signalGroup(group, ProcessSignals.SIGKILL);
            descendants.forEach(ProcessHandle::destroyForcibly);
        };
    }

    private static ApiException gone() {
        return ApiException.notFound("terminal_not_found", "The terminal has been closed.");
    }

    private static AttachedClient[] append(AttachedClient[] array, AttachedClient client) {
        AttachedClient[] longer = Arrays.copyOf(array, array.length + 1);
        longer[array.length] = client;
        return longer;
    }

    /**
     * Where a restored session starts: its saved output in the ring, followed by the restored
     * marker at {@code restoredAt}, and when the session was first created.
     */
    record Resumed(OutputRing ring, Instant createdAt, long restoredAt) {
    }
}
