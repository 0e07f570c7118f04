package io.coditect.terminal;

import io.coditect.audit.AuditLog;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The attach WebSocket. The caller was checked before the upgrade ({@code auth.AttachAuthenticationFilter});
 * the connection ({@link AttachConnection}) only accepts a session whose principal is the grant for
 * exactly this terminal. Binary frames are input, text frames JSON control; output and events go
 * through the terminal's {@link Attachment}, one frame at a time.
 */
@ServerEndpoint("/api/v1/workspaces/{id}/terminals/{tid}/attach")
public class TerminalEndpoint {
    private static final Logger LOG = Logger.getLogger(TerminalEndpoint.class.getName());

    private final AttachConnection connection;

    /** The container creates one endpoint per connection; the shared collaborators come from CDI. */
    public TerminalEndpoint() {
        this.connection = new AttachConnection(CDI.current().select(TerminalAttachments.class).get(),
                Optional.of(CDI.current().select(AuditLog.class).get()));
    }

    @OnOpen
    public void open(Session session, @PathParam("id") String workspaceId, @PathParam("tid") String terminalId) {
        connection.open(session, workspaceId, terminalId);
    }

    @OnMessage
    public void input(ByteBuffer bytes) {
        connection.input(bytes);
    }

    @OnMessage
    public void control(String text) {
        connection.control(text);
    }

    @OnMessage
    public void pong(PongMessage pong) {
        // Pongs answer our keepalive pings; their arrival is all that matters.
    }

    @OnClose
    public void close(CloseReason reason) {
        connection.detach();
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, "attach WebSocket failed", failure);
        connection.detach();
    }
}
