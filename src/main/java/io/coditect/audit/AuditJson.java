package io.coditect.audit;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.nio.charset.StandardCharsets;

/** An event as JSON (JSON-B): the stored value, the export line and the API's items are the same object. */
final class AuditJson {
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    private AuditJson() {
    }

    static String text(AuditEvent event) {
        return JSON.toJson(event);
    }

    static byte[] encode(AuditEvent event) {
        return text(event).getBytes(StandardCharsets.UTF_8);
    }

    static AuditEvent decode(byte[] value) {
        return JSON.fromJson(new String(value, StandardCharsets.UTF_8), AuditEvent.class);
    }
}
