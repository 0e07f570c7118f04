package io.coditect.terminal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import org.junit.jupiter.api.Test;

class AttachLimitsTest {
    private final AttachLimits limits = new AttachLimits(3, 2);

    @Test
    void perTerminal_fullAt2_placeGivenBackOnce() {
        AttachLimits.Place first = limits.admit("ann", "ws-a", "t-a");
        limits.admit("ann", "ws-a", "t-a");
        assertThatThrownBy(() -> limits.admit("ann", "ws-a", "t-a")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo(AttachLimits.TOO_MANY_CLIENTS);
        });
        assertThatThrownBy(() -> limits.check("ann", "ws-a", "t-a")).isInstanceOf(ApiException.class);
        limits.check("ann", "ws-a", "t-b");

        first.release();
        first.release();

        limits.check("ann", "ws-a", "t-a");
        limits.admit("ann", "ws-a", "t-a");
        assertThatThrownBy(() -> limits.admit("ann", "ws-a", "t-a")).isInstanceOf(ApiException.class);
    }

    @Test
    void perUser_fullAt3_otherUsersUnaffected() {
        limits.admit("bob", "ws-a", "t-a");
        limits.admit("bob", "ws-a", "t-b");
        AttachLimits.Place third = limits.admit("bob", "ws-a", "t-c");
        assertThatThrownBy(() -> limits.admit("bob", "ws-a", "t-d")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(AttachLimits.TOO_MANY_ATTACHES));
        limits.admit("cem", "ws-b", "t-d");

        third.release();

        limits.admit("bob", "ws-a", "t-d");
    }

    @Test
    void limitsBelowOne_refusedAtStart() {
        assertThatThrownBy(() -> new AttachLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttachLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
