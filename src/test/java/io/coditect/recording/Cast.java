package io.coditect.recording;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An asciicast v2 text read back for tests (here and in the relay's gateway/agent ITs): its header
 * and events, and the data of one event code joined.
 */
public record Cast(JsonObject header, List<JsonArray> events) {
    public static Cast parse(String text) {
        String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new AssertionError("the last line has no newline: " + lines[lines.length - 1]);
        }
        JsonObject header = read(lines[0]).asJsonObject();
        List<JsonArray> events = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            events.add(read(lines[i]).asJsonArray());
        }
        return new Cast(header, events);
    }

    private static jakarta.json.JsonValue read(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readValue();
        }
    }

    /** The UTF-8 bytes of every event's data with this code, in order. */
    public byte[] bytes(String code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonArray event : events) {
            if (event.getString(1).equals(code)) {
                out.writeBytes(event.getString(2).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    public List<String> data(String code) {
        return events.stream().filter(event -> event.getString(1).equals(code)).map(event -> event.getString(2)).toList();
    }

    /** Event times never go back. */
    public boolean timesAscend() {
        double last = 0;
        for (JsonArray event : events) {
            double time = event.getJsonNumber(0).doubleValue();
            if (time < last) {
                return false;
            }
            last = time;
        }
        return true;
    }
}
