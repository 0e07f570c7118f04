package io.coditect.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;
import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One shell on a local PTY, its output ring and its attached clients.
 *
 * <p>A reader thread reads the PTY into the ring and wakes every client's sender. Each client has a
 * cursor (the offset of its next unsent byte) and at most one frame in flight. Flow control: the
 * reader does not read again while any client's unsent output ({@code ring end - cursor}) exceeds
 * the window, and never appends bytes that would overwrite a client's unsent ones; the PTY's kernel
 * buffer then fills and the program writing to it blocks. A client's finished send wakes the reader.
 * A client whose frame stays unsent past the slow-client timeout is disconnected by {@link #sweep}.
 *
 * <p>One lock (this object) guards the ring, the clients and their cursors; sends and PTY writes
 * happen outside it.
 */
final class LocalTerminal {
    private static final Logger LOG = Logger.getLogger(LocalTerminal.class.getName());
    private static final long ACTIVITY_REPORT_NANOS = 1_000_000_000L;

    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_TERMINAL_CLOSED = 4000;
    static final int CLOSE_SLOW_CLIENT = 4001;

    private final String id;
    private final String workspaceId;
    private final TerminalSpec spec;
    private final String relativeCwd;
    private final PtyProcess process;
    private final PtyReader ptyOutput;
    private final InputStream ptyStream;
    private final OutputStream ptyInput;
    private final OutputRing ring;
    private final TerminalSettings settings;
    private final TerminalListener listener;
    private final Clock clock;
    private final Instant createdAt;
    /** Offset of the restored marker in a resumed session, else -1. */
    private final long restoredAt;
    private final Object inputLock = new Object();

    private Client[] clients = new Client[0];
    private int cols;
    private int rows;
    private boolean paused;
    private boolean inputClosed;
    private boolean closed;
    private Integer exitCode;
    private long detachedSinceNanos = System.nanoTime();
    private volatile long lastActiveMillis;
    private volatile long lastReportNanos;

    LocalTerminal(String id, String workspaceId, TerminalSpec spec, String relativeCwd, PtyProcess process,
            TerminalSettings settings, TerminalListener listener, Clock clock) {
        this(id, workspaceId, spec, relativeCwd, process, settings, listener, clock, null);
    }

    /** A terminal that continues a saved session ({@code resumed}), or a new one when it is null. */
    LocalTerminal(String id, String workspaceId, TerminalSpec spec, String relativeCwd, PtyProcess process,
            TerminalSettings settings, TerminalListener listener, Clock clock, Resumed resumed) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.spec = spec;
        this.relativeCwd = relativeCwd;
        this.process = process;
        this.ptyOutput = new PtyReader(((UnixPtyProcess) process).getPty().getMasterFD(), TerminalSettings.READ_CHUNK);
        this.ptyStream = process.getInputStream();
        this.ptyInput = process.getOutputStream();
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

    /** Starts the reader; called once, after the terminal is registered. */
    void start(Thread.Builder threads) {
        listener.started(workspaceId);
        threads.name("coditect-pty-" + id).start(this::readLoop);
    }

    String id() {
        return id;
    }

    String workspaceId() {
        return workspaceId;
    }

    synchronized TerminalInfo info() {
        return new TerminalInfo(id, workspaceId, spec.shell(), relativeCwd, cols, rows,
                exitCode == null ? TerminalState.RUNNING : TerminalState.EXITED, exitCode,
                ring.start(), ring.end(), clients.length, createdAt, Instant.ofEpochMilli(lastActiveMillis));
    }

    synchronized TerminalSnapshot snapshot() {
        return snapshot(ring.start());
    }

    /** A snapshot whose output starts at {@code outputFrom}, or at the oldest byte held if that is later. */
    synchronized TerminalSnapshot snapshot(long outputFrom) {
        long from = Math.max(ring.start(), Math.min(outputFrom, ring.end()));
        byte[] output = ring.read(from, (int) (ring.end() - from)).array();
        return new TerminalSnapshot(id, workspaceId, spec.shell(), relativeCwd, currentCwd(), spec.env(),
                cols, rows, createdAt, Instant.ofEpochMilli(lastActiveMillis), from, output);
    }

    /** Where the shell is now (Linux), else where it started. */
    private String currentCwd() {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return relativeCwd;
        }
    }

    // ---- the reader ---------------------------------------------------------------------------

    private void readLoop() {
        byte[] chunk = new byte[TerminalSettings.READ_CHUNK];
        try {
            while (true) {
                int n = ptyOutput.read(chunk);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                Client[] targets;
                synchronized (this) {
                    while (!closed && unsentAfter(n) > ring.capacity()) {
                        pause();
                    }
                    if (closed) {
                        break;
                    }
                    ring.append(chunk, 0, n);
                    targets = clients;
                }
                active();
                for (Client client : targets) {
                    client.pump();
                }
                synchronized (this) {
                    while (!closed && unsentAfter(0) > settings.windowBytes()) {
                        pause();
                    }
                    paused = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    /** The most unsent output any client would have with {@code extra} more bytes; 0 without clients. */
    private long unsentAfter(int extra) {
        if (clients.length == 0) {
            return 0;
        }
        long oldest = Long.MAX_VALUE;
        for (Client client : clients) {
            oldest = Math.min(oldest, client.cursor);
        }
        return ring.end() + extra - oldest;
    }

    private void pause() throws InterruptedException {
        if (!paused) {
            paused = true;
            listener.paused();
        }
        wait();
    }

    private void finish() {
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        Client[] targets;
        synchronized (this) {
            exitCode = code;
            targets = clients;
            for (Client client : targets) {
                client.queueExit(code);
            }
            notifyAll();
        }
        // The PTY is closed here, by the thread that read it, after its last read.
        synchronized (inputLock) {
            inputClosed = true;
            closeQuietly(ptyInput);
            closeQuietly(ptyStream);
        }
        ptyOutput.close();
        listener.ended(workspaceId);
        for (Client client : targets) {
            client.pump();
        }
    }

    // ---- clients ------------------------------------------------------------------------------

    Attachment attach(OptionalLong requested, ClientChannel channel, boolean reattach) {
        Client client;
        synchronized (this) {
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
            client = new Client(channel, from);
            client.events.add(new PendingEvent(from, WireEvents.attached(from, truncated), false));
            if (restoredAt >= from) {
                client.events.add(new PendingEvent(restoredAt, WireEvents.restored(restoredAt), false));
            }
            if (exitCode != null) {
                client.queueExit(exitCode);
            }
            clients = append(clients, client);
        }
        listener.attached(workspaceId, reattach);
        active();
        client.pump();
        return client;
    }

    private void remove(Client client, int closeCode, String reason) {
        boolean removed;
        synchronized (this) {
            if (client.gone) {
                return;
            }
            client.gone = true;
            Client[] rest = Arrays.stream(clients).filter(c -> c != client).toArray(Client[]::new);
            removed = rest.length != clients.length;
            clients = rest;
            if (clients.length == 0) {
                detachedSinceNanos = System.nanoTime();
            }
            notifyAll();
        }
        if (removed) {
            listener.detached(workspaceId);
            active();
        }
        if (closeCode != 0) {
            client.channel.close(closeCode, reason);
        }
    }

    private void input(ByteBuffer bytes) {
        int length = bytes.remaining();
        byte[] data = new byte[length];
        bytes.get(data);
        synchronized (inputLock) {
            if (inputClosed) {
                return;
            }
            try {
                ptyInput.write(data);
                ptyInput.flush();
            } catch (IOException e) {
                // The shell is gone; its exit event is on the way.
                return;
            }
        }
        listener.input(workspaceId, length);
        active();
    }

    private void resize(int newCols, int newRows) {
        synchronized (this) {
            if (exitCode != null || closed) {
                return;
            }
            cols = newCols;
            rows = newRows;
        }
        try {
            process.setWinSize(new WinSize(newCols, newRows));
        } catch (RuntimeException e) {
            // The shell has just ended; its exit event is on the way.
            LOG.log(Level.FINE, "resize after exit", e);
        }
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
        Client[] current;
        boolean expired;
        synchronized (this) {
            current = clients;
            expired = !closed && clients.length == 0
                    && nowNanos - detachedSinceNanos > settings.detachedGrace().toNanos();
        }
        for (Client client : current) {
            client.sweep(nowNanos);
        }
        return expired;
    }

    /**
     * Hangs up the shell's process group, closes the PTY and disconnects every client; returns what
     * kills the processes that ignored the hang-up, for the caller to run a few seconds later (no
     * thread here sleeps). The caller forgets the terminal.
     */
    Runnable close(int clientCloseCode, String reason) {
        Client[] current;
        synchronized (this) {
            if (closed) {
                return () -> { };
            }
            closed = true;
            current = clients;
            notifyAll();
        }
        for (Client client : current) {
            remove(client, clientCloseCode, reason);
        }
        // Captured before the hang-up: once the shell dies its children are re-parented away.
        List<ProcessHandle> descendants = ProcessHandle.of(process.pid()).stream()
                .flatMap(ProcessHandle::descendants).toList();
        long group = process.pid();
        ProcessSignals.signalGroup(group, ProcessSignals.SIGHUP);
        ptyOutput.wake();
        return () -> {
            ProcessSignals.signalGroup(group, ProcessSignals.SIGKILL);
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        };
    }

    private static ApiException gone() {
        return ApiException.notFound("terminal_not_found", "The terminal has been closed.");
    }

    private static Client[] append(Client[] array, Client client) {
        Client[] longer = Arrays.copyOf(array, array.length + 1);
        longer[array.length] = client;
        return longer;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a PTY stream failed", e);
        }
    }

    /**
     * Where a restored session starts: its saved output in the ring, followed by the restored
     * marker at {@code restoredAt}, and when the session was first created.
     */
    record Resumed(OutputRing ring, Instant createdAt, long restoredAt) {
    }

    /** A text event to send once the client's cursor reaches {@code offset}. */
    private record PendingEvent(long offset, String json, boolean last) {
    }

    /** One attached client: its cursor, its pending events and its one frame in flight. */
    private final class Client implements Attachment {
        private final ClientChannel channel;
        private final ArrayDeque<PendingEvent> events = new ArrayDeque<>(2);
        private long cursor;
        private boolean inFlight;
        private long inFlightSinceNanos;
        private long lastSendNanos = System.nanoTime();
        private boolean gone;
        private boolean finished;

        Client(ClientChannel channel, long startOffset) {
            this.channel = channel;
            this.cursor = startOffset;
        }

        @Override
        public void input(ByteBuffer bytes) {
            if (!gone) {
                LocalTerminal.this.input(bytes);
            }
        }

        @Override
        public void resize(int newCols, int newRows) {
            if (!gone) {
                LocalTerminal.this.resize(newCols, newRows);
            }
        }

        @Override
        public void refuse(String code, String message) {
            synchronized (LocalTerminal.this) {
                if (gone) {
                    return;
                }
                events.add(new PendingEvent(cursor, WireEvents.error(code, message), false));
            }
            pump();
        }

        @Override
        public void detach() {
            remove(this, 0, null);
        }

        /** Called with the terminal locked. */
        void queueExit(int code) {
            events.add(new PendingEvent(ring.end(), WireEvents.exit(code), true));
        }

        /** Sends the next frame if none is in flight. */
        void pump() {
            PendingEvent event = null;
            ByteBuffer output = null;
            boolean closeNow = false;
            synchronized (LocalTerminal.this) {
                if (inFlight || gone) {
                    return;
                }
                PendingEvent head = events.peek();
                if (head != null && head.offset() <= cursor) {
                    event = events.poll();
                } else {
                    long limit = head == null ? ring.end() : Math.min(ring.end(), head.offset());
                    if (cursor < limit) {
                        output = ring.read(cursor, (int) Math.min(TerminalSettings.OUTPUT_FRAME, limit - cursor));
                    } else if (finished) {
                        closeNow = true;
                    } else {
                        return;
                    }
                }
                if (!closeNow) {
                    inFlight = true;
                    inFlightSinceNanos = System.nanoTime();
                }
            }
            if (closeNow) {
                remove(this, CLOSE_NORMAL, "exited");
            } else if (event != null) {
                boolean last = event.last();
                channel.sendEvent(event.json(), failure -> sent(failure, 0, last));
            } else {
                int length = output.remaining();
                channel.sendOutput(output, failure -> sent(failure, length, false));
            }
        }

        private void sent(Throwable failure, int bytes, boolean last) {
            if (failure != null) {
                remove(this, 0, null);
                return;
            }
            synchronized (LocalTerminal.this) {
                inFlight = false;
                cursor += bytes;
                lastSendNanos = System.nanoTime();
                finished |= last;
                if (paused) {
                    LocalTerminal.this.notifyAll();
                }
            }
            if (bytes > 0) {
                listener.sent(bytes);
            }
            pump();
        }

        void sweep(long nowNanos) {
            boolean stuck;
            boolean idle;
            synchronized (LocalTerminal.this) {
                if (gone) {
                    return;
                }
                stuck = inFlight && nowNanos - inFlightSinceNanos > settings.slowClientTimeout().toNanos();
                idle = !inFlight && nowNanos - lastSendNanos >= settings.pingInterval().toNanos();
                if (idle) {
                    inFlight = true;
                    inFlightSinceNanos = nowNanos;
                }
            }
            if (stuck) {
                remove(this, CLOSE_SLOW_CLIENT, "slow_client");
            } else if (idle) {
                channel.sendPing(failure -> sent(failure, 0, false));
            }
        }
    }
}
