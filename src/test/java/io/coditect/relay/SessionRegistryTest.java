package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.KeyLayout;
import io.coditect.store.FaultInjectingStore;
import io.coditect.testing.EmbeddedStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRegistryTest {
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    private FaultInjectingStore store;
    private SessionRegistry registry;
    private SessionRegistry otherReplica;

    @BeforeEach
    void open() {
        store = FaultInjectingStore.over(EmbeddedStores.open(dir));
        registry = new SessionRegistry(store, new KeyLayout("test"));
        otherReplica = new SessionRegistry(store, new KeyLayout("test"));
    }

    @AfterEach
    void close() {
        System.out.println(getClass().getSimpleName() + ": " + store.report());
        store.close();
    }

    @Test
    void register_seenByEveryReplica_perWorkspace() {
        registry.register("ws-a", "t-1", 0, CREATED);
        registry.register("ws-a", "t-2", 7, CREATED);
        registry.register("ws-ab", "t-3", 0, CREATED);

        assertThat(otherReplica.entries("ws-a")).containsOnlyKeys("t-1", "t-2");
        assertThat(otherReplica.contains("ws-a", "t-2")).isTrue();
        assertThat(otherReplica.contains("ws-a", "t-3")).isFalse();
        assertThat(otherReplica.find("ws-a", "t-2").orElseThrow().offset()).isEqualTo(7);
    }

    @Test
    void advance_onlyForward_andNeverRegisters() {
        registry.register("ws-a", "t-1", 100, CREATED);

        registry.advance("ws-a", "t-1", 50);
        assertThat(registry.find("ws-a", "t-1").orElseThrow().offset()).isEqualTo(100);
        otherReplica.advance("ws-a", "t-1", 150);
        assertThat(registry.find("ws-a", "t-1").orElseThrow().offset()).isEqualTo(150);
        registry.advance("ws-a", "t-9", 1);
        assertThat(registry.contains("ws-a", "t-9")).isFalse();
    }

    @Test
    void reconcile_becomesWhatTheAgentSays() {
        registry.register("ws-a", "t-gone", 10, CREATED);
        registry.register("ws-a", "t-kept", 10, CREATED);

        registry.reconcile("ws-a", Map.of(
                "t-kept", new SessionRegistry.Entry("t-kept", 20, CREATED, CREATED),
                "t-new", new SessionRegistry.Entry("t-new", 5, CREATED, CREATED)),
                java.time.Instant.now().plus(SessionRegistry.CLOCK_SKEW).plusSeconds(1));

        assertThat(registry.entries("ws-a")).containsOnlyKeys("t-kept", "t-new");
        assertThat(registry.find("ws-a", "t-kept").orElseThrow().offset()).isEqualTo(20);
    }

    @Test
    void reconcile_keepsWhatAnotherReplicaRegisteredAfterTheList_andNeverMovesAnOffsetBack() {
        registry.register("ws-a", "t-kept", 50, CREATED);
        java.time.Instant listedAt = java.time.Instant.now();
        // Another replica creates a terminal after this replica asked the agent, before it reconciles.
        otherReplica.register("ws-a", "t-fresh", 0, CREATED);

        registry.reconcile("ws-a", Map.of("t-kept", new SessionRegistry.Entry("t-kept", 20, CREATED, CREATED)), listedAt);

        assertThat(registry.entries("ws-a")).containsOnlyKeys("t-kept", "t-fresh");
        assertThat(registry.find("ws-a", "t-kept").orElseThrow().offset()).isEqualTo(50);
    }

    @Test
    void unregisterAndClear_forget() {
        registry.register("ws-a", "t-1", 0, CREATED);
        registry.register("ws-a", "t-2", 0, CREATED);
        registry.register("ws-b", "t-3", 0, CREATED);

        registry.unregister("ws-a", "t-1");
        assertThat(registry.entries("ws-a")).containsOnlyKeys("t-2");
        registry.clear("ws-a");
        assertThat(registry.entries("ws-a")).isEmpty();
        assertThat(registry.entries("ws-b")).containsOnlyKeys("t-3");
    }
}
