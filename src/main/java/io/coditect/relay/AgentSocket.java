package io.coditect.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's end of an attach WebSocket to an agent ({@link AgentSockets}): frames come to its
 * {@link Listener} only as they are asked for ({@link #request}), one unit of demand each; frames go
 * out one call each, the future completing once the connection took the frame.
 */
public interface AgentSocket {
    /** Asks for {@code n} more frames. */
    void request(long n);

    CompletableFuture<Void> sendBinary(ByteBuffer data);

    CompletableFuture<Void> sendText(String text);

    /** Cuts the connection without a close handshake; the listener hears nothing more. */
    void abort();

    /**
     * What the agent sends. Every call but {@link #onOpen}, {@link #onClose} and {@link #onError}
     * used one unit of demand. Calls come one at a time, on one of the client's threads, which they
     * must not block.
     */
    interface Listener {
        /** The upgrade completed: ask for frames. */
        void onOpen(AgentSocket socket);

        /** One binary frame (a part of a message in parts: output is a byte stream); the buffer is the listener's. */
        void onBinary(AgentSocket socket, ByteBuffer data);

        /** One whole text message, put together from its frames (each frame used a unit of demand). */
        void onText(AgentSocket socket, String message);

        /** A ping from the agent (already answered). */
        void onPing(AgentSocket socket);

        /** A frame that used a unit of demand and brings the listener nothing yet: a pong, a text frame of an unfinished message. */
        void onPart(AgentSocket socket);

        /** The agent closed the WebSocket with this code. */
        void onClose(AgentSocket socket, int statusCode, String reason);

        /**
         * The connection broke, ended without a close frame, or the agent broke the protocol
         * ({@link Broken}: a frame or message beyond the caps, a malformed frame).
         */
        void onError(AgentSocket socket, Throwable error);
    }

    /** The agent sent something no well-behaved agent sends. */
    final class Broken extends IOException {
        Broken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The agent answered the upgrade with {@code status} instead of 101; {@code body}: the start of
     * its answer's body, at most {@link AgentSockets#MAX_REFUSAL_BYTES}.
     */
    final class Refused extends IOException {
        private final int status;
        private final transient byte[] body;

        Refused(int status, byte[] body) {
            super("the agent refused the upgrade with " + status);
            this.status = status;
            this.body = body.clone();
        }

        int status() {
            return status;
        }

        byte[] body() {
            return body.clone();
        }
    }
}
