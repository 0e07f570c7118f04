package io.coditect.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store contract's fixture: a new store of the backend under test for each test, working under
 * its own root (so a shared FoundationDB cluster serves any number of runs), cleared after; and the
 * helpers the contract's tests share.
 */
public abstract class StoreContractFixture {
    protected static final long TIMEOUT_MILLIS = 4000;
    protected static final long SHORT_TIMEOUT_MILLIS = 250;

    private final String rootName = "contract-" + UUID.randomUUID();
    protected final Subspace root = new Subspace(Tuple.from(rootName));
    private final List<KeyValueStore> opened = new ArrayList<>();
    protected final KeyLayout keys = new KeyLayout(rootName);
    protected KeyValueStore store;

    /** A new store of the backend under test whose transactions may take at most {@code timeoutMillis}. */
    protected abstract KeyValueStore open(long timeoutMillis);

    protected abstract String expectedBackend();

    @BeforeEach
    void openStore() {
        store = openTracked(TIMEOUT_MILLIS);
    }

    @AfterEach
    void clearRootAndClose() throws Exception {
        if (store == null) {
            return;
        }
        try {
            store.transact(tx -> {
                tx.clearRange(root.range());
                return null;
            });
        } finally {
            for (KeyValueStore each : opened) {
                if (each instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
        }
    }

    protected KeyValueStore openTracked(long timeoutMillis) {
        KeyValueStore opened = open(timeoutMillis);
        this.opened.add(opened);
        return opened;
    }

    protected void saveWorkspaceWithTerminals(Transaction tx, String workspace, byte[] output) {
        tx.set(keys.workspaceRecord(workspace), bytes("{\"id\":\"" + workspace + "\"}"));
        tx.set(keys.ownerIndexEntry("alice", workspace), new byte[0]);
        for (String terminal : List.of("t-1", "t-2", "t-10")) {
            tx.set(keys.terminalState(workspace, terminal), bytes("{\"cwd\":\"/tmp\"}"));
            tx.set(keys.terminalOutputTail(workspace, terminal).pack(Tuple.from(1L << 40)), output);
            tx.set(keys.terminalOutputTailOffset(workspace, terminal), Tuple.from(1L << 40).pack());
        }
    }

    protected List<KeyValue> stored(Subspace subspace) {
        return store.read(tx -> tx.getRange(subspace.range()));
    }

    protected List<String> storedPairs() {
        return pairs(stored(root));
    }

    protected byte[] key(Object... elements) {
        return root.pack(Tuple.from(elements));
    }

    protected List<Long> indexes(List<KeyValue> pairs) {
        return pairs.stream().map(pair -> root.unpack(pair.key()).getLong(0)).toList();
    }

    protected List<String> pairs(List<KeyValue> pairs) {
        return pairs.stream()
                .map(pair -> root.unpack(pair.key()).getString(0) + "=" + new String(pair.value(), StandardCharsets.UTF_8))
                .toList();
    }

    protected static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
