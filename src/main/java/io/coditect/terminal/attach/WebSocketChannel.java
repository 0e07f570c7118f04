package io.coditect.terminal.attach;

import io.coditect.terminal.ClientChannel;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A terminal's view of one WebSocket session. Output and events are written with the blocking
 * basic remote on a {@link FrameSender} thread (one hand-off per frame), or with the asynchronous
 * remote when every sender is busy; either way the caller never waits. Output is copied into a
 * pooled direct buffer first ({@link FrameBuffers}), which the container writes without a copy of
 * its own. Pings and closes, which the
 * WebSocket API may carry out by blocking on a peer that stopped reading, run on a separate pool
 * and never on a terminal's or the housekeeping thread.
 */
final class WebSocketChannel implements ClientChannel {
    private static final Logger LOG = Logger.getLogger(WebSocketChannel.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final FrameSender sender;
    private final FrameBuffers buffers;
    private final Executor blockingWork;
    /** Output bytes handed to the session, for the detach's audit event. */
    private final AtomicLong outputBytes = new AtomicLong();

    WebSocketChannel(Session session, FrameSender sender, FrameBuffers buffers, Executor blockingWork) {
        this.session = session;
        this.sender = sender;
        this.buffers = buffers;
        this.blockingWork = blockingWork;
    }

    @Override
    public void sendOutput(ByteBuffer bytes, Consumer<Throwable> done) {
        outputBytes.addAndGet(bytes.remaining());
        ByteBuffer frame = buffers.copyOf(bytes);
        Consumer<Throwable> released = failure -> {
            buffers.release(frame, bytes);
            done.accept(failure);
        };
        boolean taken = sender.trySend(() -> sent(() -> session.getBasicRemote().sendBinary(frame), released));
        if (!taken) {
            try {
                session.getAsyncRemote().sendBinary(frame, result -> released.accept(result.isOK() ? null : result.getException()));
            } catch (RuntimeException e) {
                released.accept(e);
            }
        }
    }

    long outputBytes() {
        return outputBytes.get();
    }

    @Override
    public void sendEvent(String json, Consumer<Throwable> done) {
        boolean taken = sender.trySend(() -> sent(() -> session.getBasicRemote().sendText(json), done));
        if (!taken) {
            try {
                session.getAsyncRemote().sendText(json, result -> done.accept(result.isOK() ? null : result.getException()));
            } catch (RuntimeException e) {
                done.accept(e);
            }
        }
    }

    /** A blocking write on a sender thread, then its completion there. */
    private static void sent(BlockingSend send, Consumer<Throwable> done) {
        Throwable failure = null;
        try {
            send.run();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        done.accept(failure);
    }

    private interface BlockingSend {
        void run() throws IOException;
    }

    @Override
    public void sendPing(Consumer<Throwable> done) {
        blockingWork.execute(() -> {
            try {
                session.getAsyncRemote().sendPing(EMPTY.duplicate());
                done.accept(null);
            } catch (IOException | RuntimeException e) {
                done.accept(e);
            }
        });
    }

    @Override
    public void close(int code, String reason) {
        blockingWork.execute(() -> {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing a WebSocket failed", e);
            }
        });
    }
}
