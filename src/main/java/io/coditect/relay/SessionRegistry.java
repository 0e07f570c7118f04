package io.coditect.relay;

import io.coditect.platform.Immutable;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.Transaction;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which terminals run in which workspace's agent, and the last output offset a gateway saw of each,
 * in the store: every gateway replica lists and admits attaches from the same registry, whichever
 * replica created the terminal. The agent is the truth (its terminals live there); the registry
 * follows it on every create, delete and list, and when an attach finds a terminal gone. A terminal
 * that an agent brings back after a restart under the same id is simply still registered.
 *
 * <p>Every transaction here is idempotent as the store's retry contract asks (a body may run again
 * after its commit): registering is a blind set, clearing a range clear, advancing an
 * offset writes only a larger one, and reconciling compares before it clears, so a re-run finds
 * nothing left to do.
 */
@Immutable
public class SessionRegistry {
    /** One registered terminal: its last known output offset and when that was seen. */
    public record Entry(String terminalId, long offset, Instant createdAt, Instant seenAt) {
    }

    /** How far apart replicas' clocks may be for {@link #reconcile} to keep another replica's fresh registration. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final Clock clock;

    @Inject
    public SessionRegistry(KeyValueStore store, KeyLayout keys) {
        this(store, keys, Clock.systemUTC());
    }

    SessionRegistry(KeyValueStore store, KeyLayout keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    public void register(String workspaceId, String terminalId, long offset, Instant createdAt) {
        Instant now = clock.instant();
        store.transact(tx -> {
            write(tx, workspaceId, new Entry(terminalId, offset, createdAt, now));
            return null;
        });
    }

    /** Moves a registered terminal's offset forward (never back); a terminal not registered stays so. */
    public void advance(String workspaceId, String terminalId, long offset) {
        Instant now = clock.instant();
        store.transact(tx -> {
            read(tx, workspaceId, terminalId).filter(entry -> offset > entry.offset()).ifPresent(entry ->
                    write(tx, workspaceId, new Entry(terminalId, offset, entry.createdAt(), now)));
            return null;
        });
    }

    public void unregister(String workspaceId, String terminalId) {
        store.transact(tx -> {
            tx.clear(keys.terminalSession(workspaceId, terminalId));
            return null;
        });
    }

    public boolean contains(String workspaceId, String terminalId) {
        return find(workspaceId, terminalId).isPresent();
    }

    public Optional<Entry> find(String workspaceId, String terminalId) {
        return store.read(tx -> read(tx, workspaceId, terminalId));
    }

    /** The workspace's registered terminals, by id. */
    public Map<String, Entry> entries(String workspaceId) {
        return store.read(tx -> {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (KeyValue pair : tx.getRange(keys.terminalSessions(workspaceId).range())) {
                Entry entry = decode(keys.terminalSessions(workspaceId).unpack(pair.key()).getString(0), pair.value());
                entries.put(entry.terminalId(), entry);
            }
            return entries;
        });
    }

    /**
     * Makes the registry what the agent said when asked at {@code listedAt}: {@code running} maps
     * each of its terminals to its offset and start. A compare-and-set, not a blind overwrite: an
     * entry is forgotten only when the agent did not list it and it was last seen before the list
     * (less {@link #CLOCK_SKEW}, as replicas' clocks differ), so a terminal another replica
     * registered meanwhile stays; an offset never moves back.
     */
    public void reconcile(String workspaceId, Map<String, Entry> running, Instant listedAt) {
        Instant now = clock.instant();
        Instant staleBefore = listedAt.minus(CLOCK_SKEW);
        store.transact(tx -> {
            Map<String, Entry> registered = new LinkedHashMap<>();
            for (KeyValue pair : tx.getRange(keys.terminalSessions(workspaceId).range())) {
                Entry entry = decode(keys.terminalSessions(workspaceId).unpack(pair.key()).getString(0), pair.value());
                registered.put(entry.terminalId(), entry);
            }
            registered.values().stream()
                    .filter(entry -> !running.containsKey(entry.terminalId()) && entry.seenAt().isBefore(staleBefore))
                    .forEach(entry -> tx.clear(keys.terminalSession(workspaceId, entry.terminalId())));
            running.values().forEach(entry -> {
                long known = registered.containsKey(entry.terminalId()) ? registered.get(entry.terminalId()).offset() : 0;
                write(tx, workspaceId, new Entry(entry.terminalId(), Math.max(known, entry.offset()), entry.createdAt(), now));
            });
            return null;
        });
    }

    /** Forgets every terminal of the workspace (it stopped or went away). */
    public void clear(String workspaceId) {
        store.transact(tx -> {
            tx.clearRange(keys.terminalSessions(workspaceId).range());
            return null;
        });
    }

    private Optional<Entry> read(io.coditect.store.ReadTransaction tx, String workspaceId, String terminalId) {
        return tx.get(keys.terminalSession(workspaceId, terminalId)).map(value -> decode(terminalId, value));
    }

    private void write(Transaction tx, String workspaceId, Entry entry) {
        String json = Json.createObjectBuilder()
                .add("offset", entry.offset())
                .add("createdAt", entry.createdAt().toString())
                .add("seenAt", entry.seenAt().toString())
                .build().toString();
        tx.set(keys.terminalSession(workspaceId, entry.terminalId()), json.getBytes(StandardCharsets.UTF_8));
    }

    private static Entry decode(String terminalId, byte[] value) {
        try (var reader = Json.createReader(new StringReader(new String(value, StandardCharsets.UTF_8)))) {
            JsonObject object = reader.readObject();
            return new Entry(terminalId, object.getJsonNumber("offset").longValue(),
                    Instant.parse(object.getString("createdAt")), Instant.parse(object.getString("seenAt")));
        }
    }
}
