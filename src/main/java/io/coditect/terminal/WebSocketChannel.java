package io.coditect.terminal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A terminal's view of one WebSocket session: asynchronous sends; pings and closes, which the
 * WebSocket API may carry out by blocking on a peer that stopped reading, run on a separate pool
 * and never on a terminal's or the housekeeping thread.
 */
final class WebSocketChannel implements ClientChannel {
    private static final Logger LOG = Logger.getLogger(WebSocketChannel.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final Executor blockingWork;

    WebSocketChannel(Session session, Executor blockingWork) {
        this.session = session;
        this.blockingWork = blockingWork;
    }

    @Override
    public void sendOutput(ByteBuffer bytes, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendBinary(bytes, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void sendEvent(String json, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(json, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e);
        }
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
