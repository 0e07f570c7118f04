package io.coditect.relay;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's link to an agent, faked: counts the demand, records the close (and whether it was a
 * close frame or a cut); binary sends complete with {@link #sends}.
 */
final class RecordingWebSocket implements WebSocket {
    int requested;
    int delivered;
    boolean closed;
    boolean closeFrameSent;
    CompletableFuture<WebSocket> sends = CompletableFuture.completedFuture(this);

    @Override
    public void request(long n) {
        requested += (int) n;
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        closed = true;
        closeFrameSent = true;
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void abort() {
        closed = true;
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        return sends;
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return closed;
    }

    @Override
    public boolean isInputClosed() {
        return closed;
    }
}
