package io.coditect.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing events: once per action whatever the store's retries, never for a failed transaction; retention; the export line. */
class AuditLogTest {
    private static final KeyLayout KEYS = new KeyLayout("test");
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path dir;
    EmbeddedStore store;
    final RecordingExport export = new RecordingExport();

    @BeforeEach
    void open() {
        store = EmbeddedStores.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AuditLog log(KeyValueStore over, Instant now) {
        return new AuditLog(over, KEYS, new AuditSettings(Duration.ofDays(90), "replica-a"), export,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private List<AuditEvent> stored() {
        return new AuditQuery(store, KEYS).page(AuditFilter.ANY, null, AuditQuery.MAX_LIMIT).events();
    }

    @Test
    void record_everyCommitAmbiguous_oneEventStoredAndOneLine() {
        FaultInjectingStore ambiguous = new FaultInjectingStore(store, new FaultInjectingStore.Rates(1, 0, 0), 7);
        AuditLog log = log(ambiguous, NOW);

        for (int i = 0; i < 5; i++) {
            log.record(log.event(AuditAction.TERMINAL_ATTACH, "alice", new RequestOrigin("192.0.2.1", "ua"))
                    .withWorkspace("ws-" + i).withTerminal("t-1"));
        }

        assertThat(ambiguous.rerunAfterCommit()).isPositive();
        assertThat(stored()).hasSize(5).extracting(AuditEvent::workspace)
                .containsExactlyInAnyOrder("ws-0", "ws-1", "ws-2", "ws-3", "ws-4");
        assertThat(export.exported()).hasSize(5);
    }

    @Test
    void write_transactionFails_noEvent() {
        AuditLog log = log(store, NOW);
        AuditEvent event = log.event(AuditAction.WORKSPACE_START, "alice", RequestOrigin.SERVER).withWorkspace("ws-1");

        assertThatThrownBy(() -> store.transact(tx -> {
            log.write(tx, event);
            throw new IllegalStateException("the action failed");
        })).hasMessage("the action failed");

        assertThat(stored()).isEmpty();
    }

    @Test
    void write_sameEventTwiceInOneOrTwoTransactions_storedOnce() {
        AuditLog log = log(store, NOW);
        AuditEvent event = log.event(AuditAction.WORKSPACE_STOP, "alice", RequestOrigin.SERVER);

        for (int i = 0; i < 2; i++) {
            store.transact(tx -> {
                log.write(tx, event);
                return null;
            });
        }

        assertThat(stored()).containsExactly(event);
    }

    @Test
    void retention_clearsOlderThanTheRetentionKeepsTheRest_evenOnRerun() {
        Instant old = NOW.minus(Duration.ofDays(91));
        Instant recent = NOW.minus(Duration.ofDays(89));
        for (Instant time : List.of(old, old.plusSeconds(1), recent, NOW)) {
            AuditLog at = log(store, time);
            at.record(at.event(AuditAction.TERMINAL_DETACH, "alice", RequestOrigin.SERVER));
        }
        AuditRetention retention = new AuditRetention(FaultInjectingStore.over(store), KEYS,
                new AuditSettings(Duration.ofDays(90), "replica-a"), true, Clock.fixed(NOW, ZoneOffset.UTC));

        retention.clearExpired();
        retention.clearExpired();

        assertThat(stored()).extracting(AuditEvent::time).containsExactly(NOW, recent);
        List<?> markers = store.read(tx -> tx.getRange(KEYS.auditIds().range()));
        assertThat(markers).hasSize(2);
    }

    @Test
    void export_oneJsonLinePerEvent_sameFieldsAsTheEvent() {
        List<String> lines = new ArrayList<>();
        Logger logger = Logger.getLogger(AuditExport.LOGGER);
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
        AuditEvent event;
        try {
            AuditLog log = log(store, NOW);
            event = log.event(AuditAction.TERMINAL_DETACH, "alice", new RequestOrigin("2001:db8::1", "a \"quoted\" agent"))
                    .withWorkspace("ws-1").withTerminal("t-1").withDetail("bytes_in", 12).withDetail("duration_ms", 340);
            log.record(event);
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(level);
        }

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n");
        JsonObject json = Json.createReader(new StringReader(lines.get(0))).readObject();
        assertThat(json.keySet()).containsExactlyInAnyOrder("id", "time", "actor", "action", "workspace", "terminal",
                "outcome", "clientAddress", "userAgent", "replica", "details");
        assertThat(json.getString("id")).isEqualTo(event.id());
        assertThat(Instant.parse(json.getString("time"))).isEqualTo(NOW);
        assertThat(json.getString("actor")).isEqualTo("alice");
        assertThat(json.getString("action")).isEqualTo("terminal.detach");
        assertThat(json.getString("workspace")).isEqualTo("ws-1");
        assertThat(json.getString("terminal")).isEqualTo("t-1");
        assertThat(json.getString("outcome")).isEqualTo("ok");
        assertThat(json.getString("clientAddress")).isEqualTo("2001:db8::1");
        assertThat(json.getString("userAgent")).isEqualTo("a \"quoted\" agent");
        assertThat(json.getString("replica")).isEqualTo("replica-a");
        assertThat(json.getJsonObject("details").getString("bytes_in")).isEqualTo("12");
        assertThat(AuditJson.decode(lines.get(0).getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
    }
}
