package io.coditect.terminal.wire;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonException;
import java.io.StringReader;

/** A JSON control message a client sends in a text frame. */
public sealed interface ControlMessage {
    /** The {@code type} of a resize. */
    String RESIZE = "resize";

    /** Screen size in character cells. */
    record Resize(int cols, int rows) implements ControlMessage {
        /** The text frame that carries this message (a gateway passes a client's resize on to the agent). */
        public String json() {
            return Json.createObjectBuilder().add("type", RESIZE).add("cols", cols).add("rows", rows).build().toString();
        }
    }

    /** A text frame the server cannot act on: the stable error code and why. */
    final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Parses one text frame; throws {@link Refused} when it is not a control message we know. */
    static ControlMessage parse(String text) {
        JsonObject object = object(text);
        JsonValue type = object.get("type");
        if (!(type instanceof JsonString name)) {
            throw new Refused("malformed_control", "A control message needs a string \"type\".");
        }
        return switch (name.getString()) {
            case RESIZE -> new Resize(
                    size(object, "cols", TerminalLimits.MIN_COLS, TerminalLimits.MAX_COLS),
                    size(object, "rows", TerminalLimits.MIN_ROWS, TerminalLimits.MAX_ROWS));
            default -> throw new Refused("unknown_control",
                    "Unknown control message type; known: resize.");
        };
    }

    private static JsonObject object(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (JsonException e) {
            throw new Refused("malformed_control", "A text frame must be one JSON object.");
        }
        throw new Refused("malformed_control", "A text frame must be one JSON object.");
    }

    private static int size(JsonObject object, String field, int min, int max) {
        JsonValue value = object.get(field);
        if (value instanceof JsonNumber number && number.isIntegral()) {
            long n = number.longValue();
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        throw new Refused("invalid_size", "\"" + field + "\" must be a whole number from " + min + " to " + max + ".");
    }
}
