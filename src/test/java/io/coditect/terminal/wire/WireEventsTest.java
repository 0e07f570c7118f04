package io.coditect.terminal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The events of docs/protocol.md, field by field, as a client parses them. */
class WireEventsTest {
    @Test
    void attached_offsetAndTruncated() {
        JsonObject event = parse(WireEvents.attached(1L << 40, true));

        assertThat(event.getString("type")).isEqualTo("attached");
        assertThat(event.getJsonNumber("offset").longValue()).isEqualTo(1L << 40);
        assertThat(event.getBoolean("truncated")).isTrue();
        assertThat(event).hasSize(3);
    }

    @Test
    void restored_offset() {
        assertThat(parse(WireEvents.restored(4711))).isEqualTo(object("{\"type\":\"restored\",\"offset\":4711}"));
    }

    @Test
    void exit_code() {
        assertThat(parse(WireEvents.exit(3))).isEqualTo(object("{\"type\":\"exit\",\"code\":3}"));
    }

    @Test
    void reattach_reason() {
        assertThat(parse(WireEvents.reattach("draining"))).isEqualTo(object("{\"type\":\"reattach\",\"reason\":\"draining\"}"));
    }

    @Test
    void error_codeAndMessage_escaped() {
        assertThat(parse(WireEvents.error("input_rate_limited", "too \"fast\"\n")))
                .isEqualTo(object("{\"type\":\"error\",\"error\":\"input_rate_limited\",\"message\":\"too \\\"fast\\\"\\n\"}"));
    }

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static JsonObject object(String json) {
        return parse(json);
    }

    /** What the relay reads of an agent's text frames: an {@code attached} event's offset, and nothing from anything else. */
    @Test
    void attachedOffset_onlyFromAnAttachedEventWithANumber() {
        assertThat(WireEvents.attachedOffset(WireEvents.attached(1L << 40, false))).hasValue(1L << 40);
        assertThat(WireEvents.attachedOffset("{\"type\":\"attached\",\"offset\":0}")).hasValue(0);
        for (String other : new String[] {WireEvents.restored(5), WireEvents.exit(0), "{\"type\":\"attached\"}",
                "{\"type\":\"attached\",\"offset\":\"5\"}", "{\"offset\":5}", "[1]", "5", "not json", "{\"type\":7,\"offset\":5}"}) {
            assertThat(WireEvents.attachedOffset(other)).as(other).isEmpty();
        }
    }
}
