package io.coditect.workspace;

import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Workspace records in the store: one JSON value per workspace plus an owner index entry. */
@ApplicationScoped
public class WorkspaceRepository {
    private static final Jsonb JSON = JsonbBuilder.create();

    private final KeyValueStore store;
    private final KeyLayout keys;

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

    public void save(Workspace workspace) {
        byte[] value = JSON.toJson(workspace).getBytes(StandardCharsets.UTF_8);
        store.transact(tx -> {
            tx.set(keys.workspaceRecord(workspace.id()), value);
            tx.set(keys.ownerIndexEntry(workspace.owner(), workspace.id()), new byte[0]);
            return null;
        });
    }

    public Optional<Workspace> find(String id) {
        return store.read(tx -> read(tx, id));
    }

    public List<Workspace> listByOwner(String owner) {
        return store.read(tx -> {
            List<Workspace> result = new ArrayList<>();
            var index = keys.ownerIndex(owner);
            for (KeyValue entry : tx.getRange(index.range().begin, index.range().end)) {
                String id = index.unpack(entry.key()).getString(0);
                read(tx, id).ifPresent(result::add);
            }
            result.sort(Comparator.comparing(Workspace::createdAt));
            return result;
        });
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

    private Optional<Workspace> read(ReadTransaction tx, String id) {
        return tx.get(keys.workspaceRecord(id)).map(WorkspaceRepository::decode);
    }

    private static Workspace decode(byte[] value) {
        return JSON.fromJson(new String(value, StandardCharsets.UTF_8), Workspace.class);
    }
}
