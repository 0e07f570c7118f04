package io.coditect.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreHealth;
import io.coditect.store.Transaction;
import io.coditect.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Readiness follows the store; a shared store's short outage is tolerated, a long one or a never-working one is not. */
class StoreReadinessCheckTest {
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    /** A store whose probe answers what the test says. */
    private static final class ScriptedStore implements KeyValueStore {
        StoreHealth health = StoreHealth.up("foundationdb", "the cluster answered a read");

        @Override
        public <T> T transact(Function<Transaction, T> work) {
            throw new UnsupportedOperationException("readiness only probes");
        }

        @Override
        public <T> T read(Function<ReadTransaction, T> work) {
            throw new UnsupportedOperationException("readiness only probes");
        }

        @Override
        public StoreHealth health() {
            return health;
        }

        @Override
        public String backend() {
            return "foundationdb";
        }
    }

    /** MicroProfile Health's builder comes from the server; outside it, a plain one. */
    @BeforeAll
    static void plainResponses() {
        HealthCheckResponse.setResponseProvider(() -> new HealthCheckResponseBuilder() {
            private String name;
            private boolean up;
            private final Map<String, Object> data = new LinkedHashMap<>();

            @Override
            public HealthCheckResponseBuilder name(String value) {
                name = value;
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, String value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, long value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, boolean value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder up() {
                return status(true);
            }

            @Override
            public HealthCheckResponseBuilder down() {
                return status(false);
            }

            @Override
            public HealthCheckResponseBuilder status(boolean value) {
                up = value;
                return this;
            }

            @Override
            public HealthCheckResponse build() {
                return new HealthCheckResponse(name, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                        Optional.of(Map.copyOf(data)));
            }
        });
    }

    @AfterAll
    static void serverResponses() {
        HealthCheckResponse.setResponseProvider(null);
    }

    private final ScriptedStore store = new ScriptedStore();
    private final MovableClock clock = new MovableClock(T0);

    private StoreReadinessCheck check(Duration grace) {
        return new StoreReadinessCheck(store, new StoreOutageGrace(grace), clock);
    }

    @Test
    void storeAnswers_up() {
        HealthCheckResponse response = check(Duration.ofSeconds(30)).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("answering", true).doesNotContainKey("outage-since");
    }

    @Test
    void sharedStoreStopsAnswering_readyDuringTheGrace_thenNot_thenReadyAgainWhenItAnswers() {
        StoreReadinessCheck check = check(Duration.ofSeconds(30));
        check.call();
        store.health = StoreHealth.down("foundationdb", "the store did not answer within 1000 ms");

        clock.set(T0.plusSeconds(1));
        HealthCheckResponse blip = check.call();
        clock.set(T0.plusSeconds(30));
        HealthCheckResponse stillWithinGrace = check.call();
        clock.set(T0.plusSeconds(31));
        HealthCheckResponse outage = check.call();
        store.health = StoreHealth.up("foundationdb", "the cluster answered a read");
        clock.set(T0.plusSeconds(40));
        HealthCheckResponse back = check.call();

        assertThat(blip.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(blip.getData().orElseThrow()).containsEntry("answering", false)
                .containsEntry("outage-since", T0.plusSeconds(1).toString())
                .containsEntry("outage-grace-seconds", 30L)
                .containsEntry("detail", "the store did not answer within 1000 ms");
        assertThat(stillWithinGrace.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(outage.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(outage.getData().orElseThrow()).containsEntry("outage-since", T0.plusSeconds(1).toString());
        assertThat(back.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(back.getData().orElseThrow()).doesNotContainKey("outage-since");
    }

    @Test
    void storeNeverAnsweredThisServer_downAtOnce_whatIsMissingInTheData() {
        store.health = StoreHealth.down("foundationdb", "FoundationDB cannot be opened: its client library libfdb_c ...");

        HealthCheckResponse response = check(Duration.ofSeconds(30)).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("detail",
                "FoundationDB cannot be opened: its client library libfdb_c ...");
    }

    @Test
    void ownStore_noGrace_downAtOnce() {
        StoreReadinessCheck check = check(Duration.ZERO);
        check.call();
        store.health = StoreHealth.down("embedded", "the store file is missing");

        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
