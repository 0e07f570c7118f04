package io.coditect.recording;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.nio.charset.StandardCharsets;

/** Recordings' descriptions and policies as stored (JSON-B). */
final class RecordingJson {
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    private RecordingJson() {
    }

    static byte[] encode(Object value) {
        return JSON.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    static <T> T decode(byte[] value, Class<T> type) {
        return JSON.fromJson(new String(value, StandardCharsets.UTF_8), type);
    }
}
