package io.coditect.terminal.wire;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.OptionalLong;

/**
 * The JSON events a server sends to an attached client in text frames, written here and read here
 * (a gateway reads the agent's {@code attached} to know its client's offset).
 *
 * <p>JSON-P, not JSON-B: the fields go out in the order docs/protocol.md shows them, and reading
 * an event from an agent that may send anything must not throw for a text that is no event.
 */
public final class WireEvents {
    private static final String TYPE = "type";
    private static final String ATTACHED = "attached";
    private static final String OFFSET = "offset";

    private WireEvents() {
    }

    /** First frame of every attach: the offset of the next output byte, and whether output was lost. */
    public static String attached(long offset, boolean truncated) {
        return Json.createObjectBuilder()
                .add(TYPE, ATTACHED).add(OFFSET, offset).add("truncated", truncated)
                .build().toString();
    }

    /** The offset an {@code attached} event names; empty for any other text. */
    public static OptionalLong attachedOffset(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            if (reader.readValue() instanceof JsonObject event && ATTACHED.equals(event.getString(TYPE, ""))
                    && event.get(OFFSET) instanceof JsonNumber offset) {
                return OptionalLong.of(offset.longValue());
            }
        } catch (JsonException | ClassCastException e) {
            // Not an event: nothing to learn from it.
        }
        return OptionalLong.empty();
    }

    /**
     * The session was restored after a server restart: the output before {@code offset} is the saved
     * output of the earlier shell, and the restored marker line starts at {@code offset}.
     */
    public static String restored(long offset) {
        return Json.createObjectBuilder().add(TYPE, "restored").add(OFFSET, offset).build().toString();
    }

    /** The shell ended, after its last output byte. */
    public static String exit(int code) {
        return Json.createObjectBuilder().add(TYPE, "exit").add("code", code).build().toString();
    }

    /**
     * The server is going away (a gateway draining for shutdown): re-attach with your offset, which
     * another server answers; a close 1001 follows.
     */
    public static String reattach(String reason) {
        return Json.createObjectBuilder().add(TYPE, "reattach").add("reason", reason).build().toString();
    }

    /** A refused frame or a failure; the connection stays open unless a close follows. */
    public static String error(String code, String message) {
        return Json.createObjectBuilder()
                .add(TYPE, "error").add("error", code).add("message", message)
                .build().toString();
    }
}
