package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the audit trail and session recordings live: a workspace's own records inside its range (so
 * deleting the workspace takes them), the deployment-wide ones outside every workspace, and no
 * range holding another's keys.
 */
class KeyLayoutRecordsTest {
    private final KeyLayout keys = new KeyLayout("test-root");

    @Test
    void recordings_insideTheirWorkspace_descriptionsAndDataApart() {
        byte[] policy = keys.recordingPolicy("ws-1");
        byte[] description = keys.recordingDescriptions("ws-1").pack(Tuple.from(KeyLayout.newestFirst(1_000), "rec-a"));
        byte[] chunk = keys.recordingData("ws-1", "rec-a").pack(Tuple.from(0));
        byte[] terminal = keys.recordingTerminal("ws-1", "t-1");

        for (byte[] key : List.of(policy, description, chunk, terminal)) {
            assertThat(keys.workspace("ws-1").contains(key)).isTrue();
            assertThat(keys.workspace("ws-2").contains(key)).isFalse();
            assertThat(keys.terminals("ws-1").contains(key)).as("a terminal's range clear leaves recordings").isFalse();
        }
        assertThat(keys.recordingDescriptions("ws-1").contains(chunk)).isFalse();
        assertThat(keys.recordingData("ws-1", "rec-a").contains(description)).isFalse();
        assertThat(keys.recordingData("ws-1", "rec-b").contains(chunk)).isFalse();
        assertThat(keys.recordingDescriptions("ws-2").contains(description)).isFalse();
        assertThat(Arrays.equals(policy, terminal)).isFalse();
        assertThat(keys.recordingExpiries().contains(description)).isFalse();
    }

    @Test
    void auditAndExpiries_outsideEveryWorkspace_theWorkspacesIndexInside() {
        byte[] event = keys.auditEvents().pack(Tuple.from(KeyLayout.newestFirst(1_000), 7L));
        byte[] marker = keys.auditIds().pack(Tuple.from(KeyLayout.newestFirst(1_000), "event-1"));
        byte[] expiry = keys.recordingExpiries().pack(Tuple.from(1_000L, "ws-1", "rec-a"));
        byte[] indexed = keys.workspaceAudit("ws-1").pack(Tuple.from(KeyLayout.newestFirst(1_000), 7L));

        for (byte[] key : List.of(event, marker, expiry)) {
            assertThat(keys.workspaces().contains(key)).as("kept when a workspace is deleted").isFalse();
        }
        assertThat(keys.auditEvents().contains(marker)).isFalse();
        assertThat(keys.auditIds().contains(event)).isFalse();
        assertThat(keys.workspace("ws-1").contains(indexed)).isTrue();
        assertThat(keys.workspace("ws-2").contains(indexed)).isFalse();
        assertThat(keys.auditEvents().contains(indexed)).isFalse();
    }

    @Test
    void copyWorkList_outsideEveryWorkspace_oneRangePerWorkspace() {
        byte[] copy = keys.recordingCopy("ws-1", "rec-a");

        assertThat(keys.workspaces().contains(copy)).as("found by one range read across workspaces").isFalse();
        assertThat(keys.recordingCopies().contains(copy)).isTrue();
        assertThat(keys.recordingCopies("ws-1").contains(copy)).isTrue();
        assertThat(keys.recordingCopies("ws-1").contains(keys.recordingCopy("ws-10", "rec-a"))).isFalse();
        assertThat(keys.recordingExpiries().contains(copy)).isFalse();
        assertThat(keys.recordingCopies().contains(keys.recordingExpiries().pack(Tuple.from(1_000L, "ws-1", "rec-a")))).isFalse();
    }

    @Test
    void newestFirst_laterTimesSortEarlier() {
        Subspace events = keys.auditEvents();
        byte[] older = events.pack(Tuple.from(KeyLayout.newestFirst(1_000), 1L));
        byte[] newer = events.pack(Tuple.from(KeyLayout.newestFirst(2_000), 1L));

        assertThat(KeyLayout.newestFirst(2_000)).isEqualTo(Long.MAX_VALUE - 2_000);
        assertThat(Arrays.compareUnsigned(newer, older)).isNegative();
    }
}
