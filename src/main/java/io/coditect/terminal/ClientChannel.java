package io.coditect.terminal;

import io.coditect.terminal.wire.CloseCode;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The connection to one attached client, as a terminal sees it: a WebSocket session here, the
 * gateway's link to an agent later. A terminal sends at most one frame at a time to a channel and
 * waits for {@code done} before the next, which is what its flow control counts on.
 */
public interface ClientChannel {
    /** Sends output bytes; {@code done} gets null once they are written, or the failure. */
    void sendOutput(ByteBuffer bytes, Consumer<Throwable> done);

    /** Sends one JSON event; {@code done} as for output. */
    void sendEvent(String json, Consumer<Throwable> done);

    /** Sends a keepalive ping; {@code done} as for output. */
    void sendPing(Consumer<Throwable> done);

    /** Closes the connection with a WebSocket close code; must not block the caller. */
    void close(int code, String reason);

    /** Closes the connection with one of the protocol's close codes; must not block the caller. */
    default void close(CloseCode code, String reason) {
        close(code.code(), reason);
    }
}
