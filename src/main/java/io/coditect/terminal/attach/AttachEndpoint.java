package io.coditect.terminal.attach;

import io.coditect.audit.AuditLog;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One attach WebSocket, at the public path or an agent's ({@link AttachPaths}). The caller was
 * checked before the upgrade ({@link AttachAuthenticationFilter}, or for a gateway's attach to
 * an agent {@code workspace.AgentRequestFilter}); the connection ({@link AttachConnection}) only accepts
 * a session whose principal is the grant for exactly this terminal. Binary frames are input, text
 * frames JSON control; output and events go through the terminal's {@link Attachment}, one frame
 * at a time.
 */
public final class AttachEndpoint extends Endpoint {
    private static final Logger LOG = Logger.getLogger(AttachEndpoint.class.getName());

    private final AttachConnection connection;

    /** {@code audit}: see {@link AttachConnection}; the container makes one endpoint per connection. */
    AttachEndpoint(AttachContext context, Optional<AuditLog> audit) {
        this.connection = new AttachConnection(context, audit);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(ByteBuffer.class, connection::input);
        session.addMessageHandler(String.class, connection::control);
        // Pongs answer our keepalive pings; their arrival is all that matters.
        session.addMessageHandler(PongMessage.class, pong -> { });
        connection.open(session, session.getPathParameters().get("id"), session.getPathParameters().get("tid"));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        connection.detach();
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.FINE, "attach WebSocket failed", failure);
        connection.detach();
    }
}
