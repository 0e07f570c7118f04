package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.platform.error.ApiException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of what an agent answers a refused call with: the gateway's client gets the agent's
 * well-formed request refusal or {@code agent_unavailable}, never another exception or status.
 * Tries: {@code -Dfuzz.tries}.
 */
class AgentAnswerFuzzTest {
    @Property
    void refusal_anyStatusAndBody_passedOnOrUnavailable(@ForAll("statuses") int status, @ForAll("bodies") String body) {
        ApiException error = AgentRefusals.of("ws-aaaaaaaaaaaa", status, AgentRefusals.error(body.getBytes(StandardCharsets.UTF_8)),
                () -> ApiException.unavailable("agent_unavailable", "away", 5));

        assertThat(error.status()).isIn(400, 404, 409, 412, 413, 416, 422, 503, 507);
        assertThat(error.code()).matches("[a-z_]{1,64}");
        assertThat(error.getMessage().length()).isLessThanOrEqualTo(2048);
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.oneOf(Arbitraries.integers().between(100, 599), Arbitraries.of(400, 401, 403, 404, 409, 503));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().ofMaxLength(3000).map(m -> "{\"error\":\"some_code\",\"message\":\"" + m.replace("\"", "")
                        .replace("\\", "") + "\"}"),
                Arbitraries.strings().withChars("{}[]\":,errormsagtn_ ").ofMaxLength(60));
    }
}
