package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The relay's credit window on its own: what it asks for, what it holds, how it refills. */
class CreditWindowTest {
    private static final int PART = CreditWindow.PART_BYTES;

    @Test
    void grant_fresh_theWholeFrameWindow() {
        CreditWindow window = new CreditWindow(8, 8L * PART);

        assertThat(window.grant()).isEqualTo(8);
        assertThat(window.grant()).as("asked for already").isZero();
        assertThat(window.asked()).isEqualTo(8);
    }

    @Test
    void grant_bytesBoundFirst_partsCountedAtTheLargestPartSeen() {
        CreditWindow window = new CreditWindow(8, 4L * PART);
        assertThat(window.grant()).isEqualTo(4);

        window.delivered(2L * PART, true);

        // 2 parts' bytes held, 3 parts asked at 2 * PART each would exceed 4 parts: nothing more.
        assertThat(window.grant()).isZero();
        window.released(2L * PART);
        assertThat(window.grant()).as("3 asked, each now counted at 2 parts: 6 parts of 4").isZero();
    }

    @Test
    void heldFramesPlusAsked_neverAboveTheFrames_heldBytesNeverAboveTheBytes_overALongRun() {
        CreditWindow window = new CreditWindow(5, 3L * PART);
        java.util.ArrayDeque<Long> held = new java.util.ArrayDeque<>();
        java.util.Random random = new java.util.Random(7);
        window.grant();
        for (int step = 0; step < 10_000; step++) {
            if (window.asked() > 0 && random.nextBoolean()) {
                long bytes = 1 + random.nextInt(PART);
                window.delivered(bytes, true);
                held.add(bytes);
            } else if (!held.isEmpty()) {
                window.released(held.poll());
            }
            window.grant();
            assertThat(window.heldFrames() + window.asked()).isLessThanOrEqualTo(5);
            assertThat(window.heldBytes()).isLessThanOrEqualTo(3L * PART);
            assertThat(window.heldFrames() + window.asked()).as("never stuck").isPositive();
        }
    }

    @Test
    void delivered_notHeld_givesTheUnitBack() {
        CreditWindow window = new CreditWindow(2, 256 * 1024);
        window.grant();

        window.delivered(0, false);

        assertThat(window.heldFrames()).isZero();
        assertThat(window.grant()).isEqualTo(1);
    }

    @Test
    void grant_windowSmallerThanAPart_stillOneAtATime() {
        CreditWindow window = new CreditWindow(1, 1);

        assertThat(window.grant()).isEqualTo(1);
        window.delivered(PART, true);
        assertThat(window.grant()).isZero();
        window.released(PART);
        assertThat(window.grant()).isEqualTo(1);
    }

    @Test
    void constructor_emptyWindow_refused() {
        assertThatThrownBy(() -> new CreditWindow(0, 1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
