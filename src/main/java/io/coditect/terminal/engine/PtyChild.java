package io.coditect.terminal.engine;

import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.PtyHelpers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A shell on a PTY, started with pty4j's lower-level calls: {@link Pty} opens the PTY and
 * {@link PtyHelpers#execPty} forks the shell onto it (in a session of its own, so its process
 * group is its pid). Unlike pty4j's {@code PtyProcess}, nothing here starts a thread: the master is
 * made non-blocking for the event loop, and the exit is seen through a {@code pidfd} and reaped
 * with a non-blocking {@code waitpid}.
 */
final class PtyChild {
    /** Held for the terminal's life: pty4j closes the master when a {@code Pty} is finalized. */
    private final Pty pty;
    private final int pid;
    private final int master;
    private int pidfd;
    private boolean closed;

    private PtyChild(Pty pty, int pid) {
        this.pty = pty;
        this.pid = pid;
        this.master = pty.getMasterFD();
        this.pidfd = LinuxIo.pidfdOpen(pid);
    }

    /** Starts {@code command} with exactly {@code env}, in {@code cwd}, on a new PTY of the given size. */
    static PtyChild spawn(List<String> command, Map<String, String> env, Path cwd, int cols, int rows) throws IOException {
        Pty pty = new Pty();
        try {
            pty.setWindowSize(new WinSize(cols, rows), null);
            String[] argv = command.toArray(String[]::new);
            String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            int pid = LinuxIo.withNoSignalBlocked(() -> PtyHelpers.execPty(argv[0], argv, envp, cwd.toString(),
                    pty.getSlaveName(), pty.getMasterFD(), null, -1, false));
            if (pid <= 0) {
                throw new IOException("cannot start " + argv[0] + ": errno " + PtyHelpers.errno());
            }
            if (!LinuxIo.nonBlocking(pty.getMasterFD())) {
                throw new IOException("cannot make the PTY master non-blocking: errno " + LinuxIo.errno());
            }
            return new PtyChild(pty, pid);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    int pid() {
        return pid;
    }

    int master() {
        return master;
    }

    /** The descriptor that becomes readable when the shell ends; -1 without pidfd support (then poll {@link #reap}). */
    int pidfd() {
        return pidfd;
    }

    /** Sets the PTY's size (the shell gets SIGWINCH); fails once the PTY is closed. */
    void resize(int cols, int rows) throws IOException {
        pty.setWindowSize(new WinSize(cols, rows), null);
    }

    /**
     * Collects the shell's exit status if it has ended: its exit code, or 128 plus the signal that
     * killed it (as the JDK reports it). Empty while it runs.
     */
    OptionalInt reap() {
        int[] status = new int[1];
        int reaped = PtyHelpers.waitpid(pid, status, PtyHelpers.WNOHANG);
        if (reaped == 0) {
            return OptionalInt.empty();
        }
        if (reaped != pid) {
            // Reaped elsewhere already: the code is lost.
            return OptionalInt.of(-1);
        }
        int signal = status[0] & 0x7f;
        return OptionalInt.of(signal == 0 ? (status[0] >> 8) & 0xff : 0x80 + signal);
    }

    /** Closes the pidfd (after its last use on the loop). */
    void closePidfd() {
        if (pidfd >= 0) {
            LinuxIo.close(pidfd);
            pidfd = -1;
        }
    }

    /** Closes the PTY, which hangs up the shell's terminal; the loop thread only, once it stopped watching it. */
    void closePty() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pty.close();
        } catch (IOException e) {
            // Closed already.
        }
    }
}
