package io.coditect.terminal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
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
    void replayFrom_nothingAskedOrBeforeTheStartOrPastTheEnd_withinWhatIsHeld_truncatedWhenOutputIsGone() {
        OutputRing fresh = new OutputRing(8);
        fresh.append(bytes("abc"), 0, 3);
        OutputRing wrapped = new OutputRing(8);
        wrapped.append(bytes("abcdefghijk"), 0, 11);

        assertThat(fresh.replayFrom(OptionalLong.empty())).isEqualTo(new OutputRing.Replay(0, false));
        assertThat(wrapped.replayFrom(OptionalLong.empty())).isEqualTo(new OutputRing.Replay(3, true));
        assertThat(wrapped.replayFrom(OptionalLong.of(1))).isEqualTo(new OutputRing.Replay(3, true));
        assertThat(wrapped.replayFrom(OptionalLong.of(3))).isEqualTo(new OutputRing.Replay(3, false));
        assertThat(wrapped.replayFrom(OptionalLong.of(7))).isEqualTo(new OutputRing.Replay(7, false));
        assertThat(wrapped.replayFrom(OptionalLong.of(50))).isEqualTo(new OutputRing.Replay(11, false));
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

    @Test
    void append_growsOnDemandUpToCapacity_offsetsAndBytesKept() {
        OutputRing ring = new OutputRing(64 * 1024);
        assertThat(ring.allocated()).isEqualTo(OutputRing.INITIAL_BYTES);
        byte[] output = new byte[50_000];
        for (int i = 0; i < output.length; i++) {
            output[i] = (byte) ('a' + i % 26);
        }

        for (int at = 0; at < output.length; at += 1000) {
            ring.append(output, at, 1000);
        }

        assertThat(ring.allocated()).isEqualTo(64 * 1024);
        assertThat(ring.start()).isZero();
        assertThat(ring.contents()).isEqualTo(output);
        assertThat(text(ring.read(49_990, 100))).isEqualTo(new String(output, 49_990, 10, StandardCharsets.US_ASCII));
    }

    @Test
    void append_growsWhereTheBufferWrapsAround_bytesKeptAtTheirOffsets() {
        // Restored at an offset that puts the held bytes across the end of the small buffer.
        long end = 10L * OutputRing.INITIAL_BYTES + OutputRing.INITIAL_BYTES - 5 + 10;
        OutputRing ring = OutputRing.restore(10_000, end, bytes("0123456789"));

        byte[] filler = new byte[OutputRing.INITIAL_BYTES];
        Arrays.fill(filler, (byte) '.');
        ring.append(filler, 0, filler.length);
        ring.append(bytes("tail"), 0, 4);

        assertThat(ring.allocated()).isGreaterThan(OutputRing.INITIAL_BYTES).isLessThanOrEqualTo(10_000);
        assertThat(ring.start()).isEqualTo(end - 10);
        assertThat(ring.end()).isEqualTo(end + filler.length + 4);
        assertThat(text(ring.read(end - 10, 10))).isEqualTo("0123456789");
        assertThat(text(ring.read(ring.end() - 4, 4))).isEqualTo("tail");
    }

    /** Held bytes that cross the end of the grown buffer (not only of the old one) keep their offsets. */
    @Test
    void append_growsWhereTheNewBufferWrapsAround_bytesKeptAtTheirOffsets() {
        // The held bytes start 5 bytes before the end of the doubled buffer.
        long end = 5L * 2 * OutputRing.INITIAL_BYTES - 5 + 10;
        OutputRing ring = OutputRing.restore(10_000, end, bytes("0123456789"));

        byte[] filler = new byte[OutputRing.INITIAL_BYTES];
        Arrays.fill(filler, (byte) '.');
        ring.append(filler, 0, filler.length);

        assertThat(ring.allocated()).isEqualTo(2 * OutputRing.INITIAL_BYTES);
        assertThat(text(ring.read(end - 10, 10))).isEqualTo("0123456789");
        assertThat(text(ring.read(end, 3))).isEqualTo("...");
    }

    @Test
    void append_exactlyTheBuffer_doesNotGrow() {
        OutputRing ring = new OutputRing(262_144);

        ring.append(new byte[OutputRing.INITIAL_BYTES], 0, OutputRing.INITIAL_BYTES);

        assertThat(ring.allocated()).isEqualTo(OutputRing.INITIAL_BYTES);
        ring.append(bytes("x"), 0, 1);
        assertThat(ring.allocated()).isEqualTo(2 * OutputRing.INITIAL_BYTES);
    }

    @Test
    void view_fromStartAndFromEnd_accepted_intactAtItsOwnStart_beyondRefused() {
        OutputRing ring = new OutputRing(8);
        ring.append(bytes("abcdefghij"), 0, 10);

        OutputRing.View whole = ring.view(ring.start());
        assertThat(new String(whole.copy(), StandardCharsets.US_ASCII)).isEqualTo("cdefghij");
        assertThat(whole.intactFrom(ring.start())).isEqualTo(whole.from());
        assertThat(whole.intactFrom(ring.start() + 1)).isEqualTo(whole.from() + 1);
        assertThat(ring.view(ring.end()).copy()).isEmpty();
        assertThatThrownBy(() -> ring.view(ring.start() - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.view(ring.end() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void append_idleTerminal_holdsOnlyTheInitialBuffer() {
        OutputRing ring = new OutputRing(262_144);

        ring.append(bytes("user@host:~$ "), 0, 13);

        assertThat(ring.allocated()).isEqualTo(OutputRing.INITIAL_BYTES);
        assertThat(ring.capacity()).isEqualTo(262_144);
    }

    @Test
    void view_copiedWhileAppending_intactUntilTheRingWrapsOntoIt_thenFromTheNewStart() {
        OutputRing ring = new OutputRing(8);
        ring.append(bytes("abcdef"), 0, 6);
        OutputRing.View view = ring.view(2);

        ring.append(bytes("gh"), 0, 2);
        byte[] copy = view.copy();
        assertThat(new String(copy, StandardCharsets.US_ASCII)).isEqualTo("cdef");
        assertThat(view.intactFrom(ring.start())).isEqualTo(2);

        // The ring wraps onto the first byte of the view ("c" at 2, now "k" at 10): the rest still holds.
        ring.append(bytes("ijk"), 0, 3);
        byte[] later = view.copy();
        long intact = view.intactFrom(ring.start());
        assertThat(intact).isEqualTo(3);
        assertThat(new String(later, (int) (intact - view.from()), later.length - (int) (intact - view.from()),
                StandardCharsets.US_ASCII)).isEqualTo("def");

        ring.append(bytes("lmnopq"), 0, 6);
        assertThat(view.intactFrom(ring.start())).isEqualTo(view.to());
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
