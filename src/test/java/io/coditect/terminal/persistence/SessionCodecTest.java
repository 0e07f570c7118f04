package io.coditect.terminal.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionCodecTest {
    @Test
    void encode_thenDecode_sameSession() {
        SavedSession session = session(Map.of("FOO", "bar", "PATH", "/usr/bin"), List.of("cd /tmp", "echo \"x\""));

        assertThat(SessionCodec.decode(SessionCodec.encode(session))).contains(session);
    }

    @Test
    void encode_longHistoryAndLargeVariable_recentHistoryAndSmallVariablesKept() {
        List<String> history = IntStream.range(0, 20_000).mapToObj(i -> "echo command-" + i).toList();
        Map<String, String> env = new HashMap<>(Map.of("FOO", "bar", "HUGE", "x".repeat(40_000)));

        SavedSession decoded = SessionCodec.decode(SessionCodec.encode(session(env, history))).orElseThrow();

        assertThat(decoded.env()).containsOnlyKeys("FOO");
        assertThat(decoded.history()).last().isEqualTo("echo command-19999");
        assertThat(String.join("\n", decoded.history()).length()).isLessThanOrEqualTo(SessionCodec.HISTORY_BYTES);
    }

    @Test
    void encode_controlCharactersEverywhere_fitsOneStoreValue() {
        String escaped = "\u0001".repeat(9_000);
        List<String> history = IntStream.range(0, 30).mapToObj(i -> escaped).toList();
        Map<String, String> env = new HashMap<>();
        IntStream.range(0, 3).forEach(i -> env.put("V" + i, escaped));

        byte[] json = SessionCodec.encode(session(env, history));

        assertThat(json.length).isLessThanOrEqualTo(SessionCodec.MAX_BYTES);
        assertThat(SessionCodec.decode(json)).isPresent();
    }

    @Test
    void decode_notJson_empty() {
        assertThat(SessionCodec.decode("{not json".getBytes())).isEmpty();
    }

    private static SavedSession session(Map<String, String> env, List<String> history) {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        return new SavedSession("t-abc", "ws-abc", "/bin/bash", ".", "/tmp", env, history, 80, 24, at, at, 1234);
    }
}
