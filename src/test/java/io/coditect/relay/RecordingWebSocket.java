package io.coditect.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's link to an agent, faked: counts the demand, records the cut; binary sends complete
 * with {@link #sends}. (An {@link AgentSocket} has no close frame to send: the relay only cuts.)
 */
final class RecordingWebSocket implements AgentSocket {
    int requested;
    int delivered;
    boolean closed;
    CompletableFuture<Void> sends = CompletableFuture.completedFuture(null);

    @Override
    public void request(long n) {
        requested += (int) n;
    }

    @Override
    public void abort() {
        closed = true;
    }

    @Override
    public CompletableFuture<Void> sendText(String text) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        return sends;
    }
}
