package io.coditect.terminal.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Input on its way into one PTY, and the guard of its master against use from other threads once closed. The caller's thread writes at once without blocking (the master
 * is non-blocking); what the PTY does not take waits here, up to {@link #QUEUE_BYTES}, for the
 * event loop to write when the PTY is writable again. A frame that does not fit is refused whole:
 * the client gets {@link #OVERFLOW_CODE}. Frames from every client go in whole and in order.
 */
final class PtyInput {
    /** The most input that waits for a PTY that is not reading. */
    static final int QUEUE_BYTES = 64 * 1024;
    /** The error event a client gets for a frame refused because the queue is full. */
    static final String OVERFLOW_CODE = "input_overflow";

    enum Result { WRITTEN, QUEUED, OVERFLOW, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final int master;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** Bytes of the queue's head already written. */
    private int headWritten;
    private int queued;
    private boolean closed;

    PtyInput(int master) {
        this.master = master;
    }

    Result offer(ByteBuffer bytes) {
        byte[] data = new byte[bytes.remaining()];
        bytes.get(data);
        lock.lock();
        try {
            if (closed) {
                return Result.CLOSED;
            }
            if (queued == 0) {
                int written = write(data, 0);
                if (written < 0) {
                    return Result.CLOSED;
                }
                if (written == data.length) {
                    return Result.WRITTEN;
                }
                // Partly written already, so kept whole whatever its size.
                queue.add(data);
                headWritten = written;
                queued = data.length - written;
                return Result.QUEUED;
            }
            if (queued + data.length > QUEUE_BYTES) {
                return Result.OVERFLOW;
            }
            queue.add(data);
            queued += data.length;
            return Result.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued as far as the PTY takes it; true while some is left. */
    boolean drain() {
        lock.lock();
        try {
            while (!closed && !queue.isEmpty()) {
                byte[] head = queue.peek();
                int written = write(head, headWritten);
                if (written < 0) {
                    clear();
                    return false;
                }
                queued -= written - headWritten;
                if (written < head.length) {
                    headWritten = written;
                    return true;
                }
                queue.poll();
                headWritten = 0;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean pending() {
        lock.lock();
        try {
            return queued > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} on the master (a resize) unless it is closed, so it never reaches a reused descriptor number. */
    void withMaster(Runnable action) {
        lock.lock();
        try {
            if (!closed) {
                action.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more writes: the master is about to be closed (its number could then be reused). */
    void close() {
        lock.lock();
        try {
            closed = true;
            clear();
        } finally {
            lock.unlock();
        }
    }

    private void clear() {
        queue.clear();
        queued = 0;
        headWritten = 0;
    }

    /** Writes {@code data} from {@code offset} until done or EAGAIN; the offset reached, or -1 when the PTY is gone. */
    private int write(byte[] data, int offset) {
        while (offset < data.length) {
            byte[] rest = offset == 0 ? data : Arrays.copyOfRange(data, offset, data.length);
            long n = LinuxIo.write(master, rest, rest.length);
            if (n >= 0) {
                offset += (int) n;
                continue;
            }
            int errno = LinuxIo.errno();
            if (errno == LinuxIo.EAGAIN) {
                return offset;
            }
            if (errno != LinuxIo.EINTR) {
                return -1;
            }
        }
        return offset;
    }
}
