package io.coditect.terminal.attach;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.auth.AttachPrincipal;
import io.coditect.platform.Drain;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.terminal.wire.ControlMessage;
import io.coditect.terminal.wire.TerminalLimits;
import io.coditect.terminal.wire.WireEvents;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attached WebSocket, whichever endpoint accepted it (the public attach, or an agent's attach
 * for a gateway): accepts only the grant for exactly its terminal, applies the frame and input
 * limits (connections per user and per terminal, input bytes and control frames per second), and
 * forwards frames to the terminal's {@link Attachment}.
 */
final class AttachConnection {
    private final AttachContext attachments;
    private final Optional<AuditLog> audit;
    private final AtomicLong inputBytes = new AtomicLong();
    private final AtomicBoolean detached = new AtomicBoolean();
    private volatile Attachment attachment;
    private volatile WebSocketChannel channel;
    private volatile AttachPrincipal grant;
    private long attachedNanos;
    private volatile AttachLimits.Place place;
    private InputRateLimiter inputRate;
    private InputRateLimiter controlRate;

    /**
     * {@code audit} records attaches and detaches: present for the public attach (standalone and
     * gateway), empty for an agent's, which is a gateway relaying a client it has already recorded.
     */
    AttachConnection(AttachContext attachments, Optional<AuditLog> audit) {
        this.attachments = attachments;
        this.audit = audit;
    }

    void open(Session session, String workspaceId, String terminalId) {
        TerminalSettings settings = attachments.settings();
        WebSocketChannel channel = this.channel = new WebSocketChannel(session, attachments.sender(), attachments.buffers(),
                attachments.blockingWork());
        if (!(session.getUserPrincipal() instanceof AttachPrincipal grant) || !grant.grants(workspaceId, terminalId)) {
            channel.close(CloseCode.POLICY, "not_authorized");
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
            this.grant = grant;
            attachedNanos = System.nanoTime();
            audit.ifPresent(log -> log.record(event(log, AuditAction.TERMINAL_ATTACH, grant)));
        } catch (Drain.Refused e) {
            release();
            channel.sendEvent(WireEvents.reattach("draining"), failure -> channel.close(CloseCode.GOING_AWAY, e.code()));
        } catch (ApiException e) {
            release();
            CloseCode close = switch (e.status()) {
                case 429 -> CloseCode.POLICY;
                case 503 -> CloseCode.TRY_AGAIN_LATER;
                default -> CloseCode.TERMINAL_CLOSED;
            };
            channel.sendEvent(WireEvents.error(e.code(), e.getMessage()), failure -> channel.close(close, e.code()));
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
        inputBytes.addAndGet(bytes.remaining());
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
            AttachPrincipal attached = grant;
            if (attached != null && detached.compareAndSet(false, true)) {
                audit.ifPresent(log -> log.record(event(log, AuditAction.TERMINAL_DETACH, attached)
                        .withDetail("bytes_in", inputBytes.get())
                        .withDetail("bytes_out", channel.outputBytes())
                        .withDetail("duration_ms", (System.nanoTime() - attachedNanos) / 1_000_000)));
            }
        }
        release();
    }

    private static AuditEvent event(AuditLog log, AuditAction action, AttachPrincipal grant) {
        return log.event(action, grant.getName(), grant.caller().origin())
                .withWorkspace(grant.workspaceId()).withTerminal(grant.terminalId());
    }

    private void release() {
        AttachLimits.Place taken = place;
        if (taken != null) {
            taken.release();
        }
    }
}
