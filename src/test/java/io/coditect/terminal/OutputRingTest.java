package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputRingTest {
    @Test
    void append_withinCapacity_everyByteReadableAtItsOffset() {
        OutputRing ring = new OutputRing(8);

        ring.append(bytes("abcde"), 0, 5);

        assertThat(ring.start()).isZero();
        assertThat(ring.end()).isEqualTo(5);
        assertThat(text(ring.read(1, 3))).isEqualTo("bcd");
    }

    @Test
    void append_pastCapacity_oldestFallOutOffsetsKept() {
        OutputRing ring = new OutputRing(8);

        ring.append(bytes("abcdef"), 0, 6);
        ring.append(bytes("ghijk"), 0, 5);

        assertThat(ring.start()).isEqualTo(3);
        assertThat(ring.end()).isEqualTo(11);
        assertThat(text(ring.read(3, 100))).isEqualTo("defghijk");
        assertThat(text(ring.read(9, 100))).isEqualTo("jk");
        assertThat(new String(ring.contents(), StandardCharsets.US_ASCII)).isEqualTo("defghijk");
    }

    @Test
    void append_moreThanCapacityAtOnce_keepsTheLastBytes() {
        OutputRing ring = new OutputRing(4);
        ring.append(bytes("xy"), 0, 2);

        ring.append(bytes("0123456789"), 0, 10);

        assertThat(ring.end()).isEqualTo(12);
        assertThat(ring.start()).isEqualTo(8);
        assertThat(text(ring.read(8, 4))).isEqualTo("6789");
    }

    @Test
    void read_beforeStartOrAfterEnd_refused() {
        OutputRing ring = new OutputRing(4);
        ring.append(bytes("abcdef"), 0, 6);

        assertThatThrownBy(() -> ring.read(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.read(7, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ring.read(6, 10).remaining()).isZero();
    }

    @Test
    void restore_fromSnapshot_sameOffsetsAndBytes() {
        OutputRing original = new OutputRing(8);
        original.append(bytes("hello, world"), 0, 12);

        OutputRing restored = OutputRing.restore(8, original.end(), original.contents());

        assertThat(restored.start()).isEqualTo(original.start());
        assertThat(restored.end()).isEqualTo(12);
        assertThat(text(restored.read(restored.start(), 8))).isEqualTo("o, world");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.US_ASCII.decode(buffer).toString();
    }

    @Test
    void capacity_smallestIsOne_zeroRefused() {
        assertThat(new OutputRing(1).capacity()).isEqualTo(1);
        assertThatThrownBy(() -> new OutputRing(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restore_endEqualToItsBytes_startsAtZero_endBeforeThemRefused() {
        OutputRing restored = OutputRing.restore(8, 3, bytes("abc"));

        assertThat(restored.start()).isZero();
        assertThat(text(restored.read(0, 3))).isEqualTo("abc");
        assertThatThrownBy(() -> OutputRing.restore(8, 2, bytes("abc"))).isInstanceOf(IllegalArgumentException.class);
    }
}
