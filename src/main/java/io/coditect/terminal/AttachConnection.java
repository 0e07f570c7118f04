package io.coditect.terminal;

import io.coditect.auth.AttachPrincipal;
import io.coditect.platform.error.ApiException;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;

/**
 * One attached WebSocket, whichever endpoint accepted it (the public attach, or an agent's attach
 * for a gateway): accepts only the grant for exactly its terminal, applies the frame and input
 * limits (connections per user and per terminal, input bytes and control frames per second), and
 * forwards frames to the terminal's {@link Attachment}.
 */
final class AttachConnection {
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final TerminalAttachments attachments;
    private volatile Attachment attachment;
    private volatile AttachLimits.Place place;
    private InputRateLimiter inputRate;
    private InputRateLimiter controlRate;

    AttachConnection(TerminalAttachments attachments) {
        this.attachments = attachments;
    }

    void open(Session session, String workspaceId, String terminalId) {
        TerminalSettings settings = attachments.settings();
        WebSocketChannel channel = new WebSocketChannel(session, attachments.sender(), attachments.buffers(),
                attachments.blockingWork());
        if (!(session.getUserPrincipal() instanceof AttachPrincipal grant) || !grant.grants(workspaceId, terminalId)) {
            channel.close(CLOSE_POLICY, "not_authorized");
            return;
        }
        session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        // Liveness comes from our pings and the slow-client timeout, not from read silence.
        session.setMaxIdleTimeout(0);
        inputRate = new InputRateLimiter(settings.inputBytesPerSecond(), System.nanoTime());
        controlRate = new InputRateLimiter(TerminalLimits.MAX_CONTROL_FRAMES_PER_SECOND, System.nanoTime());
        try {
            place = attachments.limits().admit(grant.getName(), workspaceId, terminalId);
            attachment = attachments.host().attach(workspaceId, terminalId, offset(session), channel);
        } catch (ApiException e) {
            release();
            if (e.status() == 429) {
                channel.sendEvent(WireEvents.error(e.code(), e.getMessage()), failure -> channel.close(CLOSE_POLICY, e.code()));
            } else if ("server_draining".equals(e.code())) {
                channel.sendEvent(WireEvents.reattach("draining"), failure -> channel.close(CLOSE_GOING_AWAY, e.code()));
            } else {
                int close = e.status() == 503 ? CLOSE_TRY_AGAIN_LATER : LocalTerminal.CLOSE_TERMINAL_CLOSED;
                channel.sendEvent(WireEvents.error(e.code(), e.getMessage()), failure -> channel.close(close, e.code()));
            }
        }
    }

    private static OptionalLong offset(Session session) {
        List<String> values = session.getRequestParameterMap().get("offset");
        return values == null || values.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(values.get(0)));
    }

    void input(ByteBuffer bytes) {
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

    void control(String text) {
        if (attachment == null) {
            return;
        }
        if (!controlRate.tryAcquire(1, System.nanoTime())) {
            attachment.refuse("control_rate_exceeded", "Control messages beyond " + TerminalLimits.MAX_CONTROL_FRAMES_PER_SECOND
                    + " a second were dropped.");
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

    void detach() {
        if (attachment != null) {
            attachment.detach();
        }
        release();
    }

    private void release() {
        AttachLimits.Place taken = place;
        if (taken != null) {
            taken.release();
        }
    }
}
