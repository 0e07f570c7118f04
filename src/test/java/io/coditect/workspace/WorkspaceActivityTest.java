package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WorkspaceActivityTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final WorkspaceActivity activity = new WorkspaceActivity(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void lastActive_neverTouched_empty() {
        assertThat(activity.lastActive("ws-a")).isEmpty();
        assertThat(activity.attachedClients("ws-a")).isZero();
    }

    @Test
    void attachAndDetach_countsClientsAndTouches() {
        activity.clientAttached("ws-a");
        activity.clientAttached("ws-a");
        activity.clientDetached("ws-a");

        assertThat(activity.attachedClients("ws-a")).isEqualTo(1);
        assertThat(activity.lastActive("ws-a")).contains(NOW);
    }

    @Test
    void clientDetached_moreThanAttached_neverNegative() {
        activity.clientAttached("ws-a");
        activity.clientDetached("ws-a");
        activity.clientDetached("ws-a");

        assertThat(activity.attachedClients("ws-a")).isZero();
    }
}
