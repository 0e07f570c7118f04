package io.coditect.terminal.engine;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.function.Supplier;

/**
 * The Linux calls the PTY event loop makes, through JNA's direct mapping: a direct call is a plain
 * JNI call with no per-call reflection or argument boxing, which interface mapping costs on every
 * read and write. Failures return -1; {@link Native#getLastError()} then has the errno (JNA keeps it
 * after each call), so the common {@code EAGAIN} costs no exception.
 */
final class LinuxIo {
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;

    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;

    /** Also EFD_NONBLOCK; O_CLOEXEC is also EPOLL_CLOEXEC and EFD_CLOEXEC. */
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int SIG_SETMASK = 2;
    /** glibc's sigset_t. */
    private static final int SIGSET_BYTES = 128;
    /** The pidfd_open system call's number on x86_64 and aarch64 alike. */
    private static final long SYS_PIDFD_OPEN = 434;

    /** {@code struct epoll_event} is packed on x86_64 only: 4 bytes of events, then the 8 bytes of data. */
    static final int EVENT_BYTES = Platform.isIntel() ? 12 : 16;
    static final int EVENT_DATA = Platform.isIntel() ? 4 : 8;

    static {
        Native.register(LinuxIo.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LinuxIo() {
    }

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epoll, int operation, int fd, Pointer event);

    static native int epoll_wait(int epoll, Pointer events, int maxEvents, int timeoutMillis);

    static native int eventfd(int initialValue, int flags);

    static native long read(int fd, Pointer buffer, long count);

    static native long write(int fd, byte[] buffer, long count);

    static native int fcntl(int fd, int command, int argument);

    static native int close(int fd);

    static native long syscall(long number, long first, long second);

    static native int pthread_sigmask(int how, Pointer set, Pointer previous);

    static int errno() {
        return Native.getLastError();
    }

    /** Makes {@code fd} non-blocking; false when it cannot (it is closed). */
    static boolean nonBlocking(int fd) {
        int flags = fcntl(fd, F_GETFL, 0);
        return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
    }

    /**
     * Runs {@code action} with no signal blocked on this thread, for a fork: a child inherits the
     * forking thread's mask across exec, and the JVM's threads block SIGQUIT (Ctrl-\ would not reach
     * the shell's programs).
     */
    static <T> T withNoSignalBlocked(Supplier<T> action) {
        try (Memory none = new Memory(SIGSET_BYTES); Memory saved = new Memory(SIGSET_BYTES)) {
            none.clear();
            pthread_sigmask(SIG_SETMASK, none, saved);
            try {
                return action.get();
            } finally {
                pthread_sigmask(SIG_SETMASK, saved, null);
            }
        }
    }

    /** A descriptor that becomes readable when process {@code pid} ends; -1 where the kernel has none (before 5.3). */
    static int pidfdOpen(int pid) {
        return (int) syscall(SYS_PIDFD_OPEN, pid, 0);
    }
}
