package io.coditect.terminal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlMessageTest {
    @Test
    void parse_resize_sizes() {
        assertThat(ControlMessage.parse("{\"type\":\"resize\",\"cols\":120,\"rows\":40}"))
                .isEqualTo(new ControlMessage.Resize(120, 40));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                  | malformed_control",
        "[1]                                       | malformed_control",
        "{\"cols\":1}                              | malformed_control",
        "{\"type\":\"dance\"}                      | unknown_control",
        "{\"type\":\"resize\",\"cols\":0,\"rows\":5}  | invalid_size",
        "{\"type\":\"resize\",\"cols\":80.5,\"rows\":5} | invalid_size",
        "{\"type\":\"resize\",\"cols\":80}         | invalid_size",
    })
    void parse_badFrame_refusedWithCode(String text, String code) {
        assertThatThrownBy(() -> ControlMessage.parse(text))
                .isInstanceOfSatisfying(ControlMessage.Refused.class, refused -> assertThat(refused.code()).isEqualTo(code));
    }

    @Test
    void parse_resize_limitsThemselvesAccepted_oneBeyondRefused() {
        assertThat(ControlMessage.parse(resize(TerminalLimits.MIN_COLS, TerminalLimits.MIN_ROWS)))
                .isEqualTo(new ControlMessage.Resize(TerminalLimits.MIN_COLS, TerminalLimits.MIN_ROWS));
        assertThat(ControlMessage.parse(resize(TerminalLimits.MAX_COLS, TerminalLimits.MAX_ROWS)))
                .isEqualTo(new ControlMessage.Resize(TerminalLimits.MAX_COLS, TerminalLimits.MAX_ROWS));
        for (String beyond : new String[] {resize(TerminalLimits.MAX_COLS + 1, 24), resize(80, TerminalLimits.MAX_ROWS + 1),
                resize(TerminalLimits.MIN_COLS - 1, 24), resize(80, TerminalLimits.MIN_ROWS - 1)}) {
            assertThatThrownBy(() -> ControlMessage.parse(beyond)).as(beyond)
                    .isInstanceOfSatisfying(ControlMessage.Refused.class,
                            refused -> assertThat(refused.code()).isEqualTo("invalid_size"));
        }
    }

    private static String resize(int cols, int rows) {
        return "{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}";
    }

    /** The resize a gateway passes on to the agent reads back as the same resize. */
    @Test
    void resize_json_parsesBackToItself() {
        ControlMessage.Resize resize = new ControlMessage.Resize(132, 43);

        assertThat(ControlMessage.parse(resize.json())).isEqualTo(resize);
    }
}
