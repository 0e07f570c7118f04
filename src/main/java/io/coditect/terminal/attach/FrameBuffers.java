package io.coditect.terminal.attach;

import io.coditect.terminal.TerminalSettings;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for output frames, reused. The WebSocket container writes a heap buffer by
 * copying it into a direct buffer it allocates for that one write ({@code allocateDirect}, which
 * zeroes the memory and registers a cleaner: in a profile of the output path, about a sixth of the
 * server's samples). A frame copied into a pooled direct buffer is written as it is. A buffer is
 * taken for one frame and given back when its send completed; at most {@link #KEPT} are kept, so
 * the pool holds what the frames in flight at once need, never a buffer per terminal or client.
 */
final class FrameBuffers {
    /** Frames up to this size are copied into a pooled buffer; larger ones are sent as they are. */
    static final int BUFFER_BYTES = TerminalSettings.OUTPUT_FRAME;
    static final int KEPT = 2 * FrameSender.MAX_SENDERS;

    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();

    /** A direct copy of {@code frame}'s remaining bytes to send and then {@link #release}, or {@code frame} itself. */
    ByteBuffer copyOf(ByteBuffer frame) {
        if (frame.isDirect() || frame.remaining() > BUFFER_BYTES) {
            return frame;
        }
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        } else {
            kept.decrementAndGet();
        }
        buffer.clear();
        buffer.put(frame.duplicate()).flip();
        return buffer;
    }

    /** Gives back what {@link #copyOf} returned, once its send is over. */
    void release(ByteBuffer copy, ByteBuffer original) {
        if (copy != original && kept.incrementAndGet() <= KEPT) {
            free.add(copy);
        } else if (copy != original) {
            kept.decrementAndGet();
        }
    }
}
