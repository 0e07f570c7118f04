package io.coditect.terminal.attach;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads that write frames to clients with blocking sends, so that a frame costs one thread
 * hand-off (the PTY loop to a sender, which writes it on its own thread and runs the completion
 * there) instead of the WebSocket container's asynchronous send, which queues the write to its
 * selector and completes it on an executor (two hand-offs per frame).
 *
 * <p>At most {@link #MAX_SENDERS} threads, platform threads (on the image's OpenJ9 Java 21 a
 * virtual thread blocked in the container's {@code synchronized} code would pin its carrier). A send that finds them all busy
 * is refused ({@link #trySend} returns false) and the caller sends asynchronously instead: a client
 * that stopped reading holds at most one sender (it has one frame in flight) until the slow-client
 * timeout closes it, and never holds up the PTY loop or the other clients.
 *
 * <p>What a send's completion sends next (the same client's next frame) runs on the same sender
 * after it, in turn, not nested: a stream of frames never deepens the stack.
 */
final class FrameSender {
    private static final Logger LOG = Logger.getLogger(FrameSender.class.getName());
    /** Clients that may be in a blocking write at once; sends beyond go asynchronously. */
    static final int MAX_SENDERS = 16;
    private static final long IDLE_SECONDS = 30;

    /** On a sender thread: the sends its current work asked for, run after it. */
    private static final ThreadLocal<ArrayDeque<Runnable>> FOLLOWING = new ThreadLocal<>();

    private final ThreadPoolExecutor senders;

    FrameSender() {
        this.senders = new ThreadPoolExecutor(0, MAX_SENDERS, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().daemon().name("coditect-ws-send-", 0).factory());
    }

    /**
     * Runs {@code send} (a blocking write and its completion) on a sender thread; false, without
     * running it, when every sender is busy.
     */
    boolean trySend(Runnable send) {
        ArrayDeque<Runnable> following = FOLLOWING.get();
        if (following != null) {
            following.add(send);
            return true;
        }
        try {
            senders.execute(() -> sendAll(send));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static void sendAll(Runnable first) {
        ArrayDeque<Runnable> following = new ArrayDeque<>(2);
        FOLLOWING.set(following);
        try {
            for (Runnable send = first; send != null; send = following.poll()) {
                try {
                    send.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a frame's send failed outside its completion", e);
                }
            }
        } finally {
            FOLLOWING.remove();
        }
    }

    void shutdown() {
        senders.shutdown();
    }
}
