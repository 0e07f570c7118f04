package io.coditect.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCheckTest {
    private final OutputCheck check = new OutputCheck();

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        // In pieces that split lines, as frames do.
        for (int i = 0; i < bytes.length; i += 3) {
            check.accept(bytes, i, Math.min(3, bytes.length - i));
        }
    }

    @Test
    void everyLineOnceInOrder_noLossNoDuplicate_andTheEndIsSeen() {
        check.expect("J1x2x3", 3);
        feed("$ for i in ...; echo END J1x2x3 $((3+0))\r\n\u001b[?2004l\rJ1x2x3 1 [INFO] a\r\nJ1x2x3 2\tb\r\nJ1x2x3 3\r\nEND J1x2x3 3\r\n$ ");

        assertThat(check.ended("J1x2x3")).isTrue();
        assertThat(check.lostLines()).isZero();
        assertThat(check.duplicateLines()).isZero();
    }

    @Test
    void aSkippedLineIsALoss_aRepeatedOneADuplicate() {
        check.expect("J1x1x1", 5);
        feed("J1x1x1 1\r\nJ1x1x1 3\r\nJ1x1x1 3\r\nJ1x1x1 2\r\nJ1x1x1 4\r\n");

        assertThat(check.lostLines()).isEqualTo(1);
        assertThat(check.duplicateLines()).isEqualTo(2);
        assertThat(check.ended("J1x1x1")).isFalse();
    }

    @Test
    void linesMissingAtTheEnd_areLost_andUnknownTagsIgnored() {
        check.expect("J2x1x1", 10);
        feed("J9x9x9 1\r\nJ2x1x1 1\r\nEND J2x1x1 10\r\n");

        assertThat(check.lostLines()).isEqualTo(9);
        assertThat(check.started("J2x1x1")).isTrue();
        assertThat(check.started("J9x9x9")).isFalse();
    }
}
