package io.coditect.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import io.coditect.store.KeyLayout;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listings: newest first, filters, cursors that stay right while events arrive, and cursors refused. */
class AuditQueryTest {
    private static final KeyLayout KEYS = new KeyLayout("test");
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    EmbeddedStore store;
    AuditQuery query;
    final RecordingExport export = new RecordingExport();

    @BeforeEach
    void open() {
        store = EmbeddedStores.open(dir);
        query = new AuditQuery(store, KEYS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** An event at {@code T0 + second} s; several in the same millisecond are kept apart by their versionstamps. */
    private AuditEvent record(long second, String actor, AuditAction action, String workspace) {
        AuditLog log = new AuditLog(store, KEYS, new AuditSettings(Duration.ofDays(90), "r"), export,
                Clock.fixed(T0.plusSeconds(second), ZoneOffset.UTC));
        AuditEvent event = log.event(action, actor, RequestOrigin.SERVER).withWorkspace(workspace);
        log.record(event);
        return event;
    }

    private List<AuditEvent> all(AuditFilter filter, int limit) {
        List<AuditEvent> events = new ArrayList<>();
        String cursor = null;
        do {
            AuditPage page = query.page(filter, cursor, limit);
            events.addAll(page.events());
            cursor = page.cursor();
        } while (cursor != null);
        return events;
    }

    @Test
    void page_newestFirst_cursorUntilTheEnd_sameMillisecondKeptApart() {
        List<AuditEvent> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(record(i, "alice", AuditAction.WORKSPACE_START, null));
        }
        written.add(record(6, "alice", AuditAction.WORKSPACE_STOP, null));

        AuditPage first = query.page(AuditFilter.ANY, null, 3);

        assertThat(first.events()).hasSize(3);
        assertThat(first.cursor()).isNotNull();
        List<AuditEvent> all = all(AuditFilter.ANY, 3);
        assertThat(all).hasSize(8).doesNotHaveDuplicates();
        assertThat(all.subList(0, 2)).as("the same millisecond: in commit order").containsExactly(written.get(6), written.get(7));
        assertThat(all).extracting(AuditEvent::time).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(query.page(AuditFilter.ANY, null, 8).cursor()).as("the last page has no cursor").isNull();
    }

    @Test
    void page_eventsArriveWhilePaging_noneTwiceNoneSkipped() {
        List<AuditEvent> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(record(i, "alice", AuditAction.TERMINAL_ATTACH, null));
        }
        List<AuditEvent> seen = new ArrayList<>();
        String cursor = null;
        int arrivals = 100;
        do {
            AuditPage page = query.page(AuditFilter.ANY, cursor, 3);
            seen.addAll(page.events());
            cursor = page.cursor();
            record(arrivals++, "bob", AuditAction.TERMINAL_DETACH, null);
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(before.reversed());
    }

    @Test
    void page_filtersByUserWorkspaceActionAndTime() {
        record(1, "alice", AuditAction.WORKSPACE_CREATE, "ws-a");
        record(2, "bob", AuditAction.WORKSPACE_CREATE, "ws-b");
        record(3, "alice", AuditAction.WORKSPACE_STOP, "ws-a");
        record(4, "alice", AuditAction.WORKSPACE_STOP, "ws-c");

        assertThat(all(new AuditFilter("alice", null, null, null, null), 2)).extracting(AuditEvent::workspace)
                .containsExactly("ws-c", "ws-a", "ws-a");
        assertThat(all(new AuditFilter(null, "ws-a", null, null, null), 1)).extracting(AuditEvent::action)
                .containsExactly("workspace.stop", "workspace.create");
        assertThat(all(new AuditFilter(null, null, "workspace.create", null, null), 10)).extracting(AuditEvent::actor)
                .containsExactly("bob", "alice");
        assertThat(all(new AuditFilter(null, null, null, T0.plusSeconds(2), T0.plusSeconds(4)), 10))
                .extracting(AuditEvent::time).containsExactly(T0.plusSeconds(3), T0.plusSeconds(2));
    }

    @Test
    void page_rareMatch_boundedScanAndACursorToGoOn() {
        record(0, "alice", AuditAction.WORKSPACE_CREATE, null);
        for (int i = 1; i <= AuditQuery.SCAN_LIMIT + 5; i++) {
            record(i, "bob", AuditAction.TERMINAL_ATTACH, null);
        }

        AuditPage first = query.page(new AuditFilter("alice", null, null, null, null), null, 10);

        assertThat(first.events()).isEmpty();
        assertThat(first.cursor()).isNotNull();
        AuditPage second = query.page(new AuditFilter("alice", null, null, null, null), first.cursor(), 10);
        assertThat(second.events()).extracting(AuditEvent::actor).containsExactly("alice");
        assertThat(second.cursor()).isNull();
    }

    @Test
    void page_cursorNotHandedOut_invalidCursor() {
        String garbage = Base64.getUrlEncoder().encodeToString("not a tuple".getBytes());
        for (String cursor : List.of("%%%", garbage, "AA", Base64.getUrlEncoder().encodeToString(new byte[] {0x15, 1}))) {
            assertThatThrownBy(() -> query.page(AuditFilter.ANY, cursor, 10))
                    .as(cursor).isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("invalid_cursor");
                    });
        }
    }
}
