package io.coditect.terminal.engine;

import com.sun.jna.Memory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One platform thread that owns PTY descriptors: it waits on an {@code epoll} set for all of them
 * and calls each descriptor's {@link Handler} when it is ready. Every terminal on this loop reads
 * its PTY into the loop's one native buffer, so an idle terminal costs no thread and no buffer.
 * Other threads hand work to the loop with {@link #execute}, which wakes it through an
 * {@code eventfd}; the epoll set itself is changed on the loop thread only. Handlers must not block.
 *
 * <p>Once a second the loop also runs its periodic checks ({@link #every}), which reap shells on
 * kernels without {@code pidfd}.
 */
final class PtyLoop {
    private static final Logger LOG = Logger.getLogger(PtyLoop.class.getName());
    private static final int MAX_EVENTS = 256;
    private static final int TICK_MILLIS = 1000;
    /** The loop's read buffer: the most one terminal reads in one turn. */
    static final int READ_BYTES = 64 * 1024;

    /** What a registered descriptor does when the loop finds it ready. */
    interface Handler {
        void ready(int fd, int events);
    }

    private final int epoll;
    private final int wakeup;
    private final Memory events = new Memory((long) MAX_EVENTS * LinuxIo.EVENT_BYTES);
    private final Memory control = new Memory(LinuxIo.EVENT_BYTES);
    private final Memory counter = new Memory(8);
    private final Memory buffer = new Memory(READ_BYTES);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Loop thread only. */
    private final Map<Integer, Handler> handlers = new HashMap<>();
    /** Loop thread only. */
    private final Set<Runnable> periodic = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean stopping;

    PtyLoop(String name) {
        this.epoll = LinuxIo.epoll_create1(LinuxIo.O_CLOEXEC);
        this.wakeup = LinuxIo.eventfd(0, LinuxIo.O_NONBLOCK | LinuxIo.O_CLOEXEC);
        if (epoll < 0 || wakeup < 0) {
            throw new IllegalStateException("cannot create the PTY event loop: errno " + LinuxIo.errno());
        }
        control(LinuxIo.EPOLL_CTL_ADD, wakeup, LinuxIo.EPOLLIN);
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread.start();
    }

    /** Runs {@code task} on the loop thread, soon; from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && woken.compareAndSet(false, true)) {
            LinuxIo.write(wakeup, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
        }
    }

    /** The loop's read buffer; loop thread only, and only until the handler returns. */
    Memory buffer() {
        return buffer;
    }

    /** Watches {@code fd} for {@code interest} ({@code EPOLLIN}/{@code EPOLLOUT}); loop thread only. */
    void add(int fd, int interest, Handler handler) {
        handlers.put(fd, handler);
        control(LinuxIo.EPOLL_CTL_ADD, fd, interest);
    }

    /** Loop thread only. */
    void modify(int fd, int interest) {
        control(LinuxIo.EPOLL_CTL_MOD, fd, interest);
    }

    /** Stops watching {@code fd}, before it is closed; loop thread only. */
    void remove(int fd) {
        if (handlers.remove(fd) != null) {
            control(LinuxIo.EPOLL_CTL_DEL, fd, 0);
        }
    }

    /** Runs {@code check} about once a second until {@link #cancel}; loop thread only. */
    void every(Runnable check) {
        periodic.add(check);
    }

    /** Loop thread only. */
    void cancel(Runnable check) {
        periodic.remove(check);
    }

    /**
     * Ends the loop once nothing is registered any more (its shells have been reaped), or after
     * {@code wait} at the latest, and releases the epoll set.
     */
    void shutdown(Duration wait) {
        execute(() -> stopping = true);
        try {
            if (!thread.join(wait)) {
                LOG.warning(() -> thread.getName() + " still had " + handlers.size() + " descriptors at shutdown");
                stopping = true;
                execute(() -> handlers.clear());
                thread.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void control(int operation, int fd, int interest) {
        control.setInt(0, interest);
        control.setLong(LinuxIo.EVENT_DATA, fd);
        if (LinuxIo.epoll_ctl(epoll, operation, fd, control) < 0) {
            throw new IllegalStateException("epoll_ctl " + operation + " on fd " + fd + ": errno " + LinuxIo.errno());
        }
    }

    private void run() {
        long lastTick = System.nanoTime();
        try {
            while (!(stopping && handlers.isEmpty())) {
                int ready = LinuxIo.epoll_wait(epoll, events, MAX_EVENTS, TICK_MILLIS);
                if (ready < 0 && LinuxIo.errno() != LinuxIo.EINTR) {
                    LOG.severe("epoll_wait failed: errno " + LinuxIo.errno());
                    return;
                }
                for (int i = 0; i < ready; i++) {
                    long at = (long) i * LinuxIo.EVENT_BYTES;
                    dispatch((int) events.getLong(at + LinuxIo.EVENT_DATA), events.getInt(at));
                }
                runTasks();
                long now = System.nanoTime();
                if (now - lastTick >= Duration.ofMillis(TICK_MILLIS).toNanos()) {
                    lastTick = now;
                    List.copyOf(periodic).forEach(this::safely);
                }
            }
        } finally {
            LinuxIo.close(wakeup);
            LinuxIo.close(epoll);
            events.close();
            control.close();
            counter.close();
            buffer.close();
        }
    }

    private void dispatch(int fd, int ready) {
        if (fd == wakeup) {
            LinuxIo.read(wakeup, counter, 8);
            woken.set(false);
            return;
        }
        Handler handler = handlers.get(fd);
        if (handler != null) {
            safely(() -> handler.ready(fd, ready));
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            safely(task);
        }
    }

    private void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a PTY event loop task failed", e);
        }
    }
}
