package io.coditect.workspace;

import com.apple.foundationdb.tuple.ByteArrayUtil;
import io.coditect.platform.Immutable;
import io.coditect.store.AtomicNumbers;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.Transaction;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Workspace records in the store: one JSON value per workspace plus an owner index entry, and
 * when its terminals were last active. Every change is a read-modify-write in one transaction,
 * so two servers (or a request and the cluster watch) never overwrite each other's news.
 *
 * <p>Every transaction here is written for the store's retry contract: its body may run again
 * after a commit that succeeded. A change stores a fresh operation id beside the record, and a run
 * that finds its own id reports the change the committed run made; an insert finds its own record
 * (ids are new for each create); a delete and an activity max are idempotent as they are.
 * Listings page across transactions, each page a bounded number of round trips.
 */
@Immutable
public class WorkspaceRepository {
    /** Workspaces per listing transaction: one index range read and one batch read each. */
    static final int LIST_PAGE = 500;
    private static final Jsonb JSON = JsonbBuilder.create();

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final int listPage;

    /** What one update did: the record before and after (the same when nothing changed). */
    public record Update(Workspace before, Workspace after) {
        public boolean changed() {
            return !before.equals(after);
        }
    }

    @Inject
    public WorkspaceRepository(KeyValueStore store, KeyLayout keys) {
        this(store, keys, LIST_PAGE);
    }

    WorkspaceRepository(KeyValueStore store, KeyLayout keys, int listPage) {
        this.store = store;
        this.keys = keys;
        this.listPage = listPage;
    }

    /**
     * Stores a new workspace after {@code check} has seen its owner's other workspaces in the same
     * transaction (quotas); whatever {@code check} throws leaves the store as it was. A run that
     * finds the record already stored is a re-run after its own commit: the new workspace must not
     * count against its own quota.
     */
    public void insert(Workspace workspace, Consumer<List<Workspace>> check) {
        insert(workspace, check, tx -> { });
    }

    /** Like {@link #insert(Workspace, Consumer)}, running {@code alongside} in the transaction that stores it (an audit event). */
    public void insert(Workspace workspace, Consumer<List<Workspace>> check, Consumer<Transaction> alongside) {
        store.transact(tx -> {
            Optional<Workspace> stored = read(tx, workspace.id());
            if (stored.isPresent()) {
                // Its own committed insert (perhaps already moved on by the cluster watch), or a
                // random id that is already taken: never counted against the quota twice.
                if (!stored.get().owner().equals(workspace.owner())
                        || !stored.get().createdAt().equals(workspace.createdAt())) {
                    throw new IllegalStateException("workspace id " + workspace.id() + " is taken");
                }
                return null;
            }
            check.accept(listByOwner(tx, workspace.owner()));
            write(tx, workspace);
            alongside.accept(tx);
            return null;
        });
    }

    /** Replaces the workspace with what {@code change} makes of it; empty when it does not exist. */
    public Optional<Update> update(String id, UnaryOperator<Workspace> change) {
        return update(id, change, tx -> { });
    }

    /**
     * Like {@link #update(String, UnaryOperator)}, running {@code alongside} in the transaction
     * that changes the record, and only if it does (an audit event of the change).
     */
    public Optional<Update> update(String id, UnaryOperator<Workspace> change, Consumer<Transaction> alongside) {
        return update(id, (current, owners) -> change.apply(current), false, alongside);
    }

    /** Like {@link #update(String, UnaryOperator, Consumer)}, with the owner's workspaces read in the same transaction. */
    public Optional<Update> updateSeeingOwner(String id, BiFunction<Workspace, List<Workspace>, Workspace> change,
                                              Consumer<Transaction> alongside) {
        return update(id, change, true, alongside);
    }

    private Optional<Update> update(String id, BiFunction<Workspace, List<Workspace>, Workspace> change,
                                    boolean readOwner, Consumer<Transaction> alongside) {
        byte[] operation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        // What the run that wrote saw: reported again when a later run finds that write committed.
        AtomicReference<Workspace> writtenOver = new AtomicReference<>();
        return store.transact(tx -> {
            List<Optional<byte[]>> values = tx.getAll(List.of(keys.workspaceRecord(id), keys.workspaceOperation(id)));
            Optional<Workspace> current = values.get(0).map(WorkspaceRepository::decode);
            if (current.isEmpty()) {
                return Optional.<Update>empty();
            }
            if (values.get(1).filter(stored -> Arrays.equals(stored, operation)).isPresent()) {
                return Optional.of(new Update(writtenOver.get(), current.get()));
            }
            Workspace before = current.get();
            Workspace after = change.apply(before, readOwner ? listByOwner(tx, before.owner()) : List.of());
            if (!after.equals(before)) {
                write(tx, after);
                tx.set(keys.workspaceOperation(id), operation);
                alongside.accept(tx);
                writtenOver.set(before);
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

    /**
     * Every workspace, oldest first. Pages of {@value #LIST_PAGE} through the owner index, each in
     * its own read transaction (one range read, one batch read), so no transaction grows with the
     * number of workspaces. The pages are not one snapshot: a workspace created or deleted while
     * the listing runs may be missing or present, and none is listed twice.
     */
    public List<Workspace> listAll() {
        List<Workspace> result = new ArrayList<>();
        byte[] end = keys.ownerIndexes().range().end;
        byte[] from = keys.ownerIndexes().range().begin;
        while (from != null) {
            byte[] begin = from;
            Page page = store.read(tx -> {
                List<KeyValue> entries = tx.getRange(begin, end, listPage);
                List<byte[]> records = entries.stream()
                        .map(entry -> keys.workspaceRecord(keys.ownerIndexes().unpack(entry.key()).getString(1)))
                        .toList();
                List<Workspace> found = tx.getAll(records).stream()
                        .flatMap(Optional::stream).map(WorkspaceRepository::decode).toList();
                byte[] next = entries.size() < listPage ? null
                        : ByteArrayUtil.keyAfter(entries.get(entries.size() - 1).key());
                return new Page(found, next);
            });
            result.addAll(page.workspaces());
            from = page.next();
        }
        result.sort(Comparator.comparing(Workspace::createdAt));
        return result;
    }

    private record Page(List<Workspace> workspaces, byte[] next) {
    }

    /** Removes the workspace and everything stored under it, in one transaction. */
    public void delete(Workspace workspace) {
        delete(workspace, tx -> { });
    }

    /** Like {@link #delete(Workspace)}, running {@code alongside} in the same transaction (an audit event). */
    public void delete(Workspace workspace, Consumer<Transaction> alongside) {
        store.transact(tx -> {
            var range = keys.workspace(workspace.id()).range();
            tx.clearRange(range.begin, range.end);
            tx.clear(keys.ownerIndexEntry(workspace.owner(), workspace.id()));
            // The gateway's copies in progress: their recordings went with the range above.
            tx.clearRange(keys.recordingCopies(workspace.id()).range());
            alongside.accept(tx);
            return null;
        });
    }

    /**
     * Records when each workspace's terminals were last active, unless a later time is already
     * stored (by another server), for workspaces that still exist: an atomic max, so servers
     * recording at once never conflict, and a re-run is harmless. One transaction per
     * {@value #LIST_PAGE} workspaces, with one batch read of their records.
     */
    public void recordActivities(Map<String, Instant> lastActive) {
        List<String> ids = List.copyOf(lastActive.keySet());
        for (int from = 0; from < ids.size(); from += listPage) {
            List<String> page = ids.subList(from, Math.min(ids.size(), from + listPage));
            store.transact(tx -> {
                List<Optional<byte[]>> records = tx.getAll(page.stream().map(keys::workspaceRecord).toList());
                for (int index = 0; index < page.size(); index++) {
                    if (records.get(index).isPresent()) {
                        String id = page.get(index);
                        tx.max(keys.workspaceActivity(id), lastActive.get(id).toEpochMilli());
                    }
                }
                return null;
            });
        }
    }

    /**
     * When any server last saw terminal activity in each of these workspaces (those with none are
     * left out): one batch read per {@value #LIST_PAGE} workspaces.
     */
    public Map<String, Instant> lastActivities(List<String> ids) {
        Map<String, Instant> result = new HashMap<>();
        for (int from = 0; from < ids.size(); from += listPage) {
            List<String> page = ids.subList(from, Math.min(ids.size(), from + listPage));
            List<Optional<byte[]>> values = store.read(tx -> tx.getAll(page.stream().map(keys::workspaceActivity).toList()));
            for (int index = 0; index < page.size(); index++) {
                String id = page.get(index);
                values.get(index).ifPresent(value -> result.put(id, Instant.ofEpochMilli(AtomicNumbers.decode(value))));
            }
        }
        return result;
    }

    private void write(Transaction tx, Workspace workspace) {
        tx.set(keys.workspaceRecord(workspace.id()), JSON.toJson(workspace).getBytes(StandardCharsets.UTF_8));
        tx.set(keys.ownerIndexEntry(workspace.owner(), workspace.id()), new byte[0]);
    }

    /** One owner's workspaces: the index in one range read, the records in one batch read. */
    private List<Workspace> listByOwner(ReadTransaction tx, String owner) {
        var index = keys.ownerIndex(owner);
        List<byte[]> records = tx.getRange(index.range()).stream()
                .map(entry -> keys.workspaceRecord(index.unpack(entry.key()).getString(0)))
                .toList();
        List<Workspace> result = new ArrayList<>(tx.getAll(records).stream()
                .flatMap(Optional::stream).map(WorkspaceRepository::decode).toList());
        result.sort(Comparator.comparing(Workspace::createdAt));
        return result;
    }

    private Optional<Workspace> read(ReadTransaction tx, String id) {
        return tx.get(keys.workspaceRecord(id)).map(WorkspaceRepository::decode);
    }

    private static Workspace decode(byte[] value) {
        return JSON.fromJson(new String(value, StandardCharsets.UTF_8), Workspace.class);
    }
}
