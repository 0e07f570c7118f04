package io.coditect.load;

import jakarta.json.Json;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * What one connection of a {@link TerminalLink} receives, handed to the link with the connection's
 * generation, so that a late frame or close of a connection the link has already replaced is
 * ignored there.
 */
final class LinkListener implements WebSocket.Listener {
    private final TerminalLink link;
    private final long forGeneration;
    private final StringBuilder text = new StringBuilder();

    LinkListener(TerminalLink link, long forGeneration) {
        this.link = link;
        this.forGeneration = forGeneration;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        link.received(forGeneration, bytes);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try (var reader = Json.createReader(new StringReader(text.toString()))) {
                link.event(forGeneration, reader.readObject());
            } catch (RuntimeException e) {
                link.malformedEvent(text);
            }
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The client answers with a pong by itself; the ping is a sign of life (TerminalLink.silentFor).
        link.heard(forGeneration);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        // 1001: the replica stops (after its reattach event); 1006 (the load balancer cut the connection of a
        // killed replica) and 1013 (agent unreachable) are expected while a replica stops; anything else is a fault.
        link.closed(forGeneration, "close_" + statusCode,
                statusCode == 1001 || ((statusCode == 1006 || statusCode == 1013) && link.chaosExpected()));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        link.closed(forGeneration, "connection_lost", link.chaosExpected());
    }
}
