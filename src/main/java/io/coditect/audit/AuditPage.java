package io.coditect.audit;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** One page of events, newest first, and the cursor of the next page (null: there is none). */
@JsonbNillable
public record AuditPage(List<AuditEvent> events, String cursor) {
}
