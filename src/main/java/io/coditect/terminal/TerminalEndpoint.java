package io.coditect.terminal;

import io.coditect.auth.AttachPrincipal;
import io.coditect.platform.error.ApiException;
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
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The attach WebSocket. The caller was checked before the upgrade ({@code auth.AttachAuthenticationFilter});
 * this endpoint only accepts a session whose principal is the grant for exactly this terminal.
 * Binary frames are input, text frames JSON control; output and events go through the terminal's
 * {@link Attachment}, one frame at a time.
 */
@ServerEndpoint("/api/v1/workspaces/{id}/terminals/{tid}/attach")
public class TerminalEndpoint {
    private static final Logger LOG = Logger.getLogger(TerminalEndpoint.class.getName());
    static final int CLOSE_POLICY = 1008;

    private final TerminalAttachments attachments;
    private volatile Attachment attachment;
    private InputRateLimiter inputRate;

    /** The container creates one endpoint per connection; the shared collaborators come from CDI. */
    public TerminalEndpoint() {
        this.attachments = CDI.current().select(TerminalAttachments.class).get();
    }

    @OnOpen
    public void open(Session session, @PathParam("id") String workspaceId, @PathParam("tid") String terminalId) {
        TerminalSettings settings = attachments.settings();
        WebSocketChannel channel = new WebSocketChannel(session, attachments.blockingWork());
        if (!(session.getUserPrincipal() instanceof AttachPrincipal grant) || !grant.grants(workspaceId, terminalId)) {
            channel.close(CLOSE_POLICY, "not_authorized");
            return;
        }
        session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        // Liveness comes from our pings and the slow-client timeout, not from read silence.
        session.setMaxIdleTimeout(0);
        inputRate = new InputRateLimiter(settings.inputBytesPerSecond(), System.nanoTime());
        try {
            attachment = attachments.host().attach(workspaceId, terminalId, offset(session), channel);
        } catch (ApiException e) {
            channel.sendEvent(WireEvents.error(e.code(), e.getMessage()),
                    failure -> channel.close(LocalTerminal.CLOSE_TERMINAL_CLOSED, e.code()));
        }
    }

    private static OptionalLong offset(Session session) {
        List<String> values = session.getRequestParameterMap().get("offset");
        return values == null || values.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(values.get(0)));
    }

    @OnMessage
    public void input(ByteBuffer bytes) {
        if (attachment == null) {
            return;
        }
        if (!inputRate.tryAcquire(bytes.remaining(), System.nanoTime())) {
            attachment.refuse("input_rate_exceeded", "Input beyond " + attachments.settings().inputBytesPerSecond()
                    + " bytes per second was dropped (coditect.terminal.max-input-bytes-per-second).");
            return;
        }
        attachment.input(bytes);
    }

    @OnMessage
    public void control(String text) {
        if (attachment == null) {
            return;
        }
        try {
            if (ControlMessage.parse(text) instanceof ControlMessage.Resize resize) {
                attachment.resize(resize.cols(), resize.rows());
            }
        } catch (ControlMessage.Refused e) {
            attachment.refuse(e.code(), e.getMessage());
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        // Pongs answer our keepalive pings; their arrival is all that matters.
    }

    @OnClose
    public void close(CloseReason reason) {
        detach();
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, "attach WebSocket failed", failure);
        detach();
    }

    private void detach() {
        if (attachment != null) {
            attachment.detach();
        }
    }
}
