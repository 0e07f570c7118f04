package io.coditect.terminal;

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
 * An agent's attach WebSocket, for gateways: the public attach's frames and events, on the agent's
 * own terminals. The gateway's service credential was checked before the upgrade
 * ({@code auth.AgentRequestFilter}), which made the grant for exactly this terminal that the
 * connection ({@link AttachConnection}) requires; in other roles that filter answers 404.
 */
@ServerEndpoint("/api/agent/v1/workspaces/{id}/terminals/{tid}/attach")
public class AgentAttachEndpoint {
    private static final Logger LOG = Logger.getLogger(AgentAttachEndpoint.class.getName());

    private final AttachConnection connection;

    /** The container creates one endpoint per connection; the shared collaborators come from CDI. */
    public AgentAttachEndpoint() {
        // The gateway that relays this attach records it; recording here too would count it twice.
        this.connection = new AttachConnection(CDI.current().select(TerminalAttachments.class).get(), Optional.empty());
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
