package io.coditect.audit;

import io.coditect.platform.error.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** One listing request, its query parameters checked: 400 with a stable code for what does not parse. */
public record AuditListing(AuditFilter filter, String cursor, int limit) {
    public static final int DEFAULT_LIMIT = 100;

    /** From the query parameters as sent (each null when absent). */
    public static AuditListing parse(String user, String workspace, String action, String from, String to,
                                     String cursor, String limit) {
        if (action != null && !AuditAction.isCode(action)) {
            throw ApiException.badRequest("invalid_action", "There is no audit action '" + action + "'.");
        }
        Instant fromTime = time("from", from);
        Instant toTime = time("to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw ApiException.badRequest("invalid_time_range", "'from' must be before 'to'.");
        }
        return new AuditListing(new AuditFilter(blankToNull(user), blankToNull(workspace), action, fromTime, toTime),
                blankToNull(cursor), limit(limit));
    }

    private static Instant time(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant time = Instant.parse(text);
            if (time.toEpochMilli() < 0) {
                throw ApiException.badRequest("invalid_time", "'" + name + "' must not be before 1970.");
            }
            return time;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("invalid_time", "'" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-12-02T10:15:30Z.");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= AuditQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw ApiException.badRequest("invalid_limit", "'limit' must be a number from 1 to " + AuditQuery.MAX_LIMIT + ".");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
