package io.coditect.terminal.engine;

import com.sun.jna.Memory;
import io.coditect.terminal.TerminalPhase;
import java.util.OptionalInt;

/**
 * The loop side of a {@link LocalTerminal}: reads its PTY into the output ring, hands the clients
 * their next frames, pauses and resumes reading for flow control, writes queued input when the PTY
 * takes it, and notices the shell's exit.
 *
 * <p>When the master is readable the loop reads it until {@code EAGAIN} or {@value PtyLoop#READ_BYTES}
 * bytes. While any client's unsent output ({@code ring end - cursor}) is a window or more, the loop
 * stops watching the master (the kernel's PTY buffer then fills and the program writing to it
 * blocks); it watches again once that client is down to half a window. A read never takes more
 * than the ring can hold without overwriting a client's unsent bytes. The shell's exit comes
 * through its {@code pidfd} on the same loop; the exit event follows the last output read.
 *
 * <p>{@link #paused} is written under the terminal's lock; the other fields are the loop thread's alone.
 */
final class PtyReader implements PtyLoop.Handler {
    private final LocalTerminal terminal;
    private final PtyChild child;
    private final PtyLoop loop;
    private final PtyInput input;
    private final Runnable reapCheck = this::checkExit;
    /** When the shell was spawned, until its first output was read (then 0). */
    private long spawnedNanos = System.nanoTime();
    /** Written under the lock; the loop reads it to set what it watches. */
    private volatile boolean paused;
    /** Whether the master is in the epoll set, and with which events. */
    private boolean watched;
    private int interest;
    /** The shell has been reaped, with this status; the exit event waits for its last output. */
    private boolean exited;
    private int exitStatus;
    private boolean finished;

    PtyReader(LocalTerminal terminal, PtyChild child, PtyLoop loop, PtyInput input) {
        this.terminal = terminal;
        this.child = child;
        this.loop = loop;
        this.input = input;
    }

    /** Hands the PTY to the loop. */
    void start() {
        loop.execute(this::watch);
    }

    private void watch() {
        if (terminal.closed()) {
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
            OutputRing ring = terminal.ring;
            long window = terminal.settings.windowBytes();
            terminal.lock.lock();
            try {
                boolean closed = terminal.closed();
                // A client that attached from far back may be a window behind before anything was read.
                if (!paused && !closed && terminal.unsent() >= window) {
                    paused = true;
                    pausedNow = true;
                }
                int room = paused || closed ? 0 : (int) Math.min(PtyLoop.READ_BYTES, ring.capacity() - terminal.unsent());
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
                    terminal.tap().output(buffer.getByteBuffer(0, n));
                    targets = terminal.clients();
                    if (!paused && terminal.unsent() >= window) {
                        paused = true;
                        pausedNow = true;
                    }
                }
            } finally {
                terminal.lock.unlock();
            }
        }
        if (hungUp) {
            unwatch();
        }
        if (n > 0) {
            if (spawnedNanos != 0) {
                terminal.listener.phase(TerminalPhase.FIRST_OUTPUT, System.nanoTime() - spawnedNanos);
                spawnedNanos = 0;
            }
            terminal.active();
            for (AttachedClient client : targets) {
                client.pump();
            }
        }
        if (pausedNow) {
            terminal.listener.paused();
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
        int wanted = (paused || terminal.closed() ? 0 : LinuxIo.EPOLLIN) | (input.pending() ? LinuxIo.EPOLLOUT : 0);
        if (wanted != interest) {
            loop.modify(child.master(), wanted);
            interest = wanted;
        }
    }

    /** Input was queued for the PTY: the loop watches for it to take more. */
    void inputQueued() {
        loop.execute(this::updateInterest);
    }

    private void unwatch() {
        if (watched) {
            watched = false;
            loop.remove(child.master());
        }
    }

    /**
     * Called with the lock held after a client's cursor moved or a client left: whether reading,
     * paused for a client that was behind, may go on (then it is no longer paused, and the caller
     * runs {@link #resumeReading} once the lock is released).
     */
    boolean drainedEnough() {
        if (paused && terminal.unsent() <= terminal.settings.windowBytes() / 2) {
            paused = false;
            return true;
        }
        return false;
    }

    /** Reading resumes on the loop after {@link #drainedEnough} said so. */
    void resumeReading() {
        loop.execute(() -> {
            updateInterest();
            readOutput();
        });
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
        AttachedClient[] targets = terminal.exited(exitStatus);
        hangUp();
        terminal.ended();
        for (AttachedClient client : targets) {
            client.pump();
        }
    }

    /** Closes the PTY, on the loop (the shell's terminal hangs up); the pidfd stays until the shell is reaped. */
    void hangUpOnLoop() {
        loop.execute(this::hangUp);
    }

    private void hangUp() {
        input.close();
        unwatch();
        child.closePty();
    }
}
