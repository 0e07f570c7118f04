package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention: recordings started before its edge are cleared, with their data and notes, and only those. */
class RecordingRetentionTest extends RecorderFixture {
    @Test
    void retention_clearsRecordingsStartedBeforeItsEdge_only() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        RecordingStore old = recordings(store, Clock.fixed(now.minus(RETENTION).minusSeconds(60), ZoneOffset.UTC));
        RecordingStore recent = recordings(store, Clock.fixed(now.minus(RETENTION).plusSeconds(60), ZoneOffset.UTC));
        RecordingPolicy on = new RecordingPolicy(true, false);
        List<RecordingInfo> expired = new ArrayList<>();
        for (int i = 0; i < RecordingRetention.BATCH + 5; i++) {
            expired.add(old.start("ws-" + (i % 3), "t-" + i, 80, 24, started(on)).orElseThrow());
        }
        RecordingInfo kept = recent.start("ws-0", "t-kept", 80, 24, started(on)).orElseThrow();
        RecordingRetention retention = new RecordingRetention(store, KEYS, old,
                new RecordingSettings(on, RETENTION, 1 << 20), Clock.fixed(now, ZoneOffset.UTC));

        int cleared = retention.clearExpired();

        assertThat(cleared).isEqualTo(expired.size());
        assertThat(recent.list("ws-0", 1000)).extracting(RecordingInfo::id).containsExactly(kept.id());
        assertThat(recent.list("ws-1", 1000)).isEmpty();
        assertThat(range(KEYS.recordingData("ws-1", expired.get(1).id()).range())).isEmpty();
        assertThat(range(KEYS.recordingExpiries().range()))
                .singleElement().satisfies(entry -> assertThat(entry.key())
                        .isEqualTo(KEYS.recordingExpiries().pack(Tuple.from(kept.startedAt().toEpochMilli(), "ws-0", kept.id()))));
        assertThat(retention.clearExpired()).as("a second run finds nothing").isZero();
    }

    @Test
    void retention_clearsTheGatewaysCopies_withTheirWorkListEntries() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        RecordingStore recordings = recordings(store, Clock.fixed(now, ZoneOffset.UTC));
        io.coditect.audit.AuditLog log = export.logOver(store, KEYS, "gw");
        RecordingCopies copies = new RecordingCopies(store, KEYS, recordings, log);
        workspace("ws-1");
        Instant old = now.minus(RETENTION).minusSeconds(60);
        Instant recent = now.minus(RETENTION).plusSeconds(60);
        List<RecordingInfo> begun = new ArrayList<>();
        for (Instant startedAt : List.of(old, recent)) {
            RecordingInfo info = new RecordingInfo(RecordingIds.generate(startedAt), "ws-1", "t-" + startedAt.getEpochSecond(),
                    startedAt, null, 80, 24, false, 0, 0, RecordingInfo.COPYING);
            copies.begin(info, log.event(io.coditect.audit.AuditAction.RECORDING_START, io.coditect.audit.AuditEvent.SYSTEM,
                    io.coditect.audit.RequestOrigin.SERVER).withWorkspace("ws-1"));
            RecordingCopies.Progress at = copies.progress("ws-1", info.id()).orElseThrow();
            assertThat(copies.append(at, "{\"version\":2}\n".repeat(2000).getBytes(java.nio.charset.StandardCharsets.UTF_8), 0))
                    .isTrue();
            begun.add(info);
        }

        new RecordingRetention(store, KEYS, recordings, new RecordingSettings(RecordingPolicy.OFF, RETENTION, 1 << 20),
                Clock.fixed(now, ZoneOffset.UTC)).clearExpired();

        assertThat(recordings.list("ws-1", 10)).extracting(RecordingInfo::id).containsExactly(begun.get(1).id());
        assertThat(range(KEYS.recordingData("ws-1", begun.get(0).id()).range())).isEmpty();
        assertThat(range(KEYS.recordingData("ws-1", begun.get(1).id()).range())).hasSize(3);
        assertThat(copies.pending(null, 10)).containsExactly(new RecordingCopies.Copy("ws-1", begun.get(1).id()));
    }

    @Test
    void retention_clearsTheTerminalsNoteOfItsLatestRecordingOnly() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        RecordingStore old = recordings(store, Clock.fixed(now.minus(RETENTION).minusSeconds(60), ZoneOffset.UTC));
        RecordingStore recent = recordings(store, Clock.fixed(now.minus(RETENTION).plusSeconds(60), ZoneOffset.UTC));
        RecordingPolicy on = new RecordingPolicy(true, false);
        old.start("ws-1", "t-gone", 80, 24, started(on)).orElseThrow();
        old.start("ws-1", "t-again", 80, 24, started(on)).orElseThrow();
        recent.start("ws-1", "t-again", 80, 24, new RecordingStart(RecordingPolicy.OFF, null, true, true)).orElseThrow();

        new RecordingRetention(store, KEYS, old, new RecordingSettings(on, RETENTION, 1 << 20),
                Clock.fixed(now, ZoneOffset.UTC)).clearExpired();

        assertThat(noted("t-gone")).isFalse();
        assertThat(noted("t-again")).isTrue();
    }

    private boolean noted(String terminalId) {
        Boolean present = store.read(tx -> tx.get(KEYS.recordingTerminal("ws-1", terminalId)).isPresent());
        return present;
    }
}
