package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingInfo;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An agent's recording descriptions are checked before the gateway passes any on: what passes and what is refused. */
class RemoteRecordingsTest {
    private static final String WS = "ws-0123456789ab";
    private static final Instant START = Instant.parse("2026-12-03T07:00:00Z");
    private static final RecordingInfo GOOD = new RecordingInfo("rec-1764745200000-0a1b2c3d", WS, "t-0123456789ab",
            START, null, 80, 24, false, 120, 0, null);
    private static final Supplier<ApiException> BROKEN = () -> ApiException.unavailable("agent_unavailable", "broken");

    @Test
    void wellFormedDescriptions_pass() {
        assertThat(RemoteRecordings.checked(GOOD, WS, BROKEN)).isSameAs(GOOD);
        RecordingInfo ended = GOOD.progressed(4096, 10, START.plusSeconds(5));
        assertThat(RemoteRecordings.checked(ended, WS, BROKEN)).isSameAs(ended);
    }

    @Test
    void descriptionsOutOfShape_meanTheAgentIsBroken() {
        List<RecordingInfo> bad = List.of(
                new RecordingInfo("../../etc/passwd", WS, GOOD.terminal(), START, null, 80, 24, false, 1, 0, null),
                new RecordingInfo(null, WS, GOOD.terminal(), START, null, 80, 24, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), "ws-other000000", GOOD.terminal(), START, null, 80, 24, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), WS, "t-<script>", START, null, 80, 24, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), WS, GOOD.terminal(), null, null, 80, 24, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), WS, GOOD.terminal(), START, START.minusSeconds(1), 80, 24, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), WS, GOOD.terminal(), START, null, 0, 24, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), WS, GOOD.terminal(), START, null, 80, 100_000, false, 1, 0, null),
                new RecordingInfo(GOOD.id(), WS, GOOD.terminal(), START, null, 80, 24, false, -1, 0, null),
                new RecordingInfo(GOOD.id(), WS, GOOD.terminal(), START, null, 80, 24, false, 1, -5, null));
        for (RecordingInfo info : bad) {
            assertThatThrownBy(() -> RemoteRecordings.checked(info, WS, BROKEN)).as(info.toString())
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("broken"));
        }
        assertThatThrownBy(() -> RemoteRecordings.checked(null, WS, BROKEN)).isInstanceOf(ApiException.class);
    }
}
