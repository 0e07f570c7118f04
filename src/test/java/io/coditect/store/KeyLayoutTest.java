package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where each kind of record lives: every key inside the ranges that list, clear and guard it, none inside another's. */
class KeyLayoutTest {
    private final KeyLayout keys = new KeyLayout("test-root");

    @Test
    void workspaces_holdEachWorkspacesRecordsAndNothingOutside() {
        assertThat(keys.workspaces()).isNotNull();
        assertThat(keys.workspaces().contains(keys.workspaceRecord("ws-1"))).isTrue();
        assertThat(keys.workspaces().contains(keys.terminalState("ws-1", "t-1"))).isTrue();
        assertThat(keys.workspaces().contains(keys.ownerIndexEntry("alice", "ws-1"))).isFalse();
        assertThat(keys.workspaces().contains(keys.healthProbe())).isFalse();
    }

    @Test
    void terminalSessions_oneWorkspacesSessionsOnly() {
        assertThat(keys.terminalSessions("ws-1")).isNotNull();
        assertThat(keys.terminalSession("ws-1", "t-1")).isNotNull();
        assertThat(keys.terminalSessions("ws-1").contains(keys.terminalSession("ws-1", "t-1"))).isTrue();
        assertThat(keys.workspace("ws-1").contains(keys.terminalSession("ws-1", "t-1"))).isTrue();
        assertThat(keys.terminalSessions("ws-2").contains(keys.terminalSession("ws-1", "t-1"))).isFalse();
        assertThat(keys.terminalSessions("ws-1").contains(keys.terminalState("ws-1", "t-1"))).isFalse();
        assertThat(keys.terminalSession("ws-1", "t-1")).isNotEqualTo(keys.terminalSession("ws-1", "t-2"));
    }

    @Test
    void healthProbe_underTheRoot_aCopyEachTime() {
        byte[] probe = keys.healthProbe();
        assertThat(probe).isNotNull().isNotEmpty();
        assertThat(new KeyLayout("other-root").healthProbe()).isNotEqualTo(probe);

        probe[0] ^= 0x7f;

        assertThat(keys.healthProbe()).isNotEqualTo(probe);
    }
}
