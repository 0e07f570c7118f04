package io.coditect.workspace;

import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Workspace records in the store: one JSON value per workspace plus an owner index entry, and
 * when its terminals were last active. Every change is a read-modify-write in one transaction,
 * so two servers (or a request and the cluster watch) never overwrite each other's news.
 */
@ApplicationScoped
public class WorkspaceRepository {
    private static final Jsonb JSON = JsonbBuilder.create();

    private final KeyValueStore store;
    private final KeyLayout keys;

    /** What one update did: the record before and after (the same when nothing changed). */
    public record Update(Workspace before, Workspace after) {
        public boolean changed() {
            return !before.equals(after);
        }
    }

    /** For the CDI client proxy only. */
    protected WorkspaceRepository() {
        this.store = null;
        this.keys = null;
    }

    @Inject
    public WorkspaceRepository(KeyValueStore store, KeyLayout keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * Stores a new workspace after {@code check} has seen its owner's other workspaces in the same
     * transaction (quotas); whatever {@code check} throws leaves the store as it was.
     */
    public void insert(Workspace workspace, Consumer<List<Workspace>> check) {
        store.transact(tx -> {
            check.accept(listByOwner(tx, workspace.owner()));
            write(tx, workspace);
            return null;
        });
    }

    /** Replaces the workspace with what {@code change} makes of it; empty when it does not exist. */
    public Optional<Update> update(String id, UnaryOperator<Workspace> change) {
        return update(id, (current, owners) -> change.apply(current), false);
    }

    /** Like {@link #update(String, UnaryOperator)}, with the owner's workspaces read in the same transaction. */
    public Optional<Update> updateSeeingOwner(String id, BiFunction<Workspace, List<Workspace>, Workspace> change) {
        return update(id, change, true);
    }

    private Optional<Update> update(String id, BiFunction<Workspace, List<Workspace>, Workspace> change,
                                    boolean readOwner) {
        return store.transact(tx -> {
            Optional<Workspace> current = read(tx, id);
            if (current.isEmpty()) {
                return Optional.<Update>empty();
            }
            Workspace before = current.get();
            Workspace after = change.apply(before, readOwner ? listByOwner(tx, before.owner()) : List.of());
            if (!after.equals(before)) {
                write(tx, after);
            }
            return Optional.of(new Update(before, after));
        });
    }

    public Optional<Workspace> find(String id) {
        return store.read(tx -> read(tx, id));
    }

    public List<Workspace> listByOwner(String owner) {
        return store.read(tx -> listByOwner(tx, owner));
    }

    /** Every workspace; reads one key per workspace to find the ids, never the terminals stored under them. */
    public List<Workspace> listAll() {
        return store.read(tx -> {
            List<Workspace> result = new ArrayList<>();
            for (String id : keys.workspaceIds(tx)) {
                read(tx, id).ifPresent(result::add);
            }
            result.sort(Comparator.comparing(Workspace::createdAt));
            return result;
        });
    }

    /** Removes the workspace and everything stored under it, in one transaction. */
    public void delete(Workspace workspace) {
        store.transact(tx -> {
            var range = keys.workspace(workspace.id()).range();
            tx.clearRange(range.begin, range.end);
            tx.clear(keys.ownerIndexEntry(workspace.owner(), workspace.id()));
            return null;
        });
    }

    /** Records terminal activity at {@code at}, unless a later one is already stored (by another server). */
    public void recordActivity(String id, Instant at) {
        store.transact(tx -> {
            if (tx.get(keys.workspaceRecord(id)).isEmpty()) {
                return null;
            }
            byte[] key = keys.workspaceActivity(id);
            long stored = tx.get(key).map(WorkspaceRepository::decodeMillis).orElse(Long.MIN_VALUE);
            if (at.toEpochMilli() > stored) {
                tx.set(key, ByteBuffer.allocate(Long.BYTES).putLong(at.toEpochMilli()).array());
            }
            return null;
        });
    }

    /** When any server last saw terminal activity in the workspace. */
    public Optional<Instant> lastActivity(String id) {
        return store.read(tx -> tx.get(keys.workspaceActivity(id))
                .map(value -> Instant.ofEpochMilli(decodeMillis(value))));
    }

    private void write(Transaction tx, Workspace workspace) {
        tx.set(keys.workspaceRecord(workspace.id()), JSON.toJson(workspace).getBytes(StandardCharsets.UTF_8));
        tx.set(keys.ownerIndexEntry(workspace.owner(), workspace.id()), new byte[0]);
    }

    private List<Workspace> listByOwner(ReadTransaction tx, String owner) {
        List<Workspace> result = new ArrayList<>();
        var index = keys.ownerIndex(owner);
        for (KeyValue entry : tx.getRange(index.range().begin, index.range().end)) {
            String id = index.unpack(entry.key()).getString(0);
            read(tx, id).ifPresent(result::add);
        }
        result.sort(Comparator.comparing(Workspace::createdAt));
        return result;
    }

    private Optional<Workspace> read(ReadTransaction tx, String id) {
        return tx.get(keys.workspaceRecord(id)).map(WorkspaceRepository::decode);
    }

    private static Workspace decode(byte[] value) {
        return JSON.fromJson(new String(value, StandardCharsets.UTF_8), Workspace.class);
    }

    private static long decodeMillis(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }
}
