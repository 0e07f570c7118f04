package io.coditect.audit;

import java.time.Instant;

/** What an audit listing keeps: each field null for "any"; {@code from} inclusive, {@code to} exclusive. */
public record AuditFilter(String user, String workspace, String action, Instant from, Instant to) {
    public static final AuditFilter ANY = new AuditFilter(null, null, null, null, null);

    boolean keeps(AuditEvent event) {
        return (user == null || user.equals(event.actor()))
                && (workspace == null || workspace.equals(event.workspace()))
                && (action == null || action.equals(event.action()));
    }
}
