package io.coditect.audit;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit record: who ({@code actor}: a user, or {@value #SYSTEM} for what the server does on
 * its own), did what ({@code action}, an {@link AuditAction} code), to which workspace and
 * terminal, with which {@code outcome}, from where (client address through the trusted proxies,
 * user agent), through which server replica, and when. {@code details} holds what only some
 * actions have (bytes in and out, duration, the refused status and path). The id and time are
 * fixed before the store transaction, so a transaction body that runs again writes the same event.
 */
@JsonbNillable
public record AuditEvent(String id, Instant time, String actor, String action, String workspace, String terminal,
                         String outcome, String clientAddress, String userAgent, String replica,
                         Map<String, String> details) {
    public static final String SYSTEM = "system";
    public static final String OK = "ok";
    public static final String REFUSED = "refused";
    /** Recorded, then undone: the provisioner could not do it (a second event of the same action). */
    public static final String FAILED = "failed";

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public AuditEvent withWorkspace(String workspaceId) {
        return new AuditEvent(id, time, actor, action, workspaceId, terminal, outcome, clientAddress, userAgent,
                replica, details);
    }

    public AuditEvent withTerminal(String terminalId) {
        return new AuditEvent(id, time, actor, action, workspace, terminalId, outcome, clientAddress, userAgent,
                replica, details);
    }

    public AuditEvent withOutcome(String newOutcome) {
        return new AuditEvent(id, time, actor, action, workspace, terminal, newOutcome, clientAddress, userAgent,
                replica, details);
    }

    public AuditEvent withDetail(String name, Object value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(name, String.valueOf(value));
        return new AuditEvent(id, time, actor, action, workspace, terminal, outcome, clientAddress, userAgent,
                replica, more);
    }
}
