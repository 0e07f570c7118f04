package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.platform.error.ApiException;
import io.coditect.terminal.wire.ControlMessage;
import io.coditect.terminal.wire.TerminalLimits;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of what an attached client or a terminal request sends: whatever arrives, the parser
 * answers with a value inside the protocol's bounds or with its stated refusal, never with
 * another exception (which would be a 500 or a dropped connection). Tries: {@code -Dfuzz.tries}.
 */
class ClientInputFuzzTest {
    private static final List<String> SHELLS = List.of("/bin/bash", "/bin/sh");

    @Property
    void controlMessage_anyText_resizeInBoundsOrRefused(@ForAll("controlTexts") String text) {
        try {
            ControlMessage message = ControlMessage.parse(text);
            assertThat(message).isInstanceOfSatisfying(ControlMessage.Resize.class, resize -> {
                assertThat(resize.cols()).isBetween(TerminalLimits.MIN_COLS, TerminalLimits.MAX_COLS);
                assertThat(resize.rows()).isBetween(TerminalLimits.MIN_ROWS, TerminalLimits.MAX_ROWS);
            });
        } catch (ControlMessage.Refused refused) {
            assertThat(refused.code()).isIn("malformed_control", "unknown_control", "invalid_size");
        }
    }

    @Property
    void createTerminal_anyBody_specInBoundsOr400(@ForAll("sizes") Integer cols, @ForAll("sizes") Integer rows,
            @ForAll("shells") String shell, @ForAll("envs") Map<String, String> env) {
        try {
            TerminalSpec spec = TerminalRequests.validate(new CreateTerminalRequest(cols, rows, shell, null, env, null), SHELLS);
            assertThat(spec.cols()).isBetween(TerminalLimits.MIN_COLS, TerminalLimits.MAX_COLS);
            assertThat(spec.rows()).isBetween(TerminalLimits.MIN_ROWS, TerminalLimits.MAX_ROWS);
            assertThat(SHELLS).contains(spec.shell());
            assertThat(spec.env()).hasSizeLessThanOrEqualTo(TerminalLimits.MAX_ENV_ENTRIES);
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    @Property
    void terminalIds_onlyTheirOwnForm(@ForAll("ids") String id) {
        assertThat(TerminalIds.isWellFormed(id)).isEqualTo(id.matches("t-[a-z0-9]{12}"));
    }

    @Provide
    Arbitrary<String> controlTexts() {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("1e400", "-0", "NaN", "null", "true", "\"80\"", "[]", "{}", "80.0", "9223372036854775808"));
        Arbitrary<String> resizes = net.jqwik.api.Combinators.combine(Arbitraries.of("resize", "Resize", "", "x"), numbers, numbers)
                .as((type, cols, rows) -> "{\"type\":\"" + type + "\",\"cols\":" + cols + ",\"rows\":" + rows + "}");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), resizes,
                Arbitraries.strings().withChars("{}[]\":,0123456789typeresizcolw ").ofMaxLength(80));
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-2, 1002), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> shells() {
        return Arbitraries.oneOf(Arbitraries.of("/bin/bash", "/bin/sh", "/bin/zsh", "", "bash", "/bin/bash\0"),
                Arbitraries.strings().ofMaxLength(40), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Map<String, String>> envs() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(140),
                Arbitraries.strings().withCharRange('A', 'Z').withChars('_', '1').ofMinLength(1).ofMaxLength(10));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100),
                Arbitraries.strings().ofLength(TerminalLimits.MAX_ENV_VALUE_CHARS + 1), Arbitraries.just("a\0b"));
        return Arbitraries.oneOf(Arbitraries.maps(names, values).ofMaxSize(70), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', 'A', '/', '.').ofLength(12).map(s -> "t-" + s));
    }
}
