package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Where each kind of record lives: every key inside the ranges that list, clear and guard it, none inside another's. */
class KeyLayoutTest {
    private final KeyLayout keys = new KeyLayout("test-root");

    @Test
    void workspaces_holdEachWorkspacesRecordsAndNothingOutside() {
        assertThat(keys.workspaces()).isNotNull();
        assertThat(keys.workspaces().contains(keys.workspaceRecord("ws-1"))).isTrue();
        assertThat(keys.workspaces().contains(keys.terminalState("ws-1", "t-1"))).isTrue();
        assertThat(keys.workspaces().contains(keys.ownerIndexEntry("alice", "ws-1"))).isFalse();
        assertThat(keys.ownerIndexes().contains(keys.ownerIndexEntry("alice", "ws-1"))).isTrue();
        assertThat(keys.ownerIndex("alice").contains(keys.ownerIndexEntry("alice", "ws-1"))).isTrue();
        assertThat(keys.ownerIndex("bob").contains(keys.ownerIndexEntry("alice", "ws-1"))).isFalse();
        assertThat(keys.workspaces().contains(keys.healthProbe())).isFalse();
    }

    @Test
    void workspaceActivity_insideItsWorkspace_besideTheRecordAndTheOperation() {
        byte[] activity = keys.workspaceActivity("ws-1");
        assertThat(keys.workspace("ws-1").contains(activity)).isTrue();
        assertThat(keys.workspace("ws-2").contains(activity)).isFalse();
        assertThat(keys.terminals("ws-1").contains(activity)).isFalse();
        assertThat(keys.workspace("ws-1").contains(keys.workspaceOperation("ws-1"))).isTrue();
        assertThat(activity).isNotEqualTo(keys.workspaceRecord("ws-1")).isNotEqualTo(keys.workspaceOperation("ws-1"));
    }

    /** A terminal's state, output tail and tail offset: one range clear removes all three, and nothing of another terminal. */
    @Test
    void terminal_stateTailAndTailOffset_insideTheTerminalOnly_tailChunksApart() {
        byte[] state = keys.terminalState("ws-1", "t-1");
        byte[] tailOffset = keys.terminalOutputTailOffset("ws-1", "t-1");
        byte[] chunk = keys.terminalOutputTail("ws-1", "t-1").pack(Tuple.from(4096L));

        for (byte[] key : List.of(state, tailOffset, chunk)) {
            assertThat(keys.terminal("ws-1", "t-1").contains(key)).isTrue();
            assertThat(keys.terminal("ws-1", "t-2").contains(key)).isFalse();
            assertThat(keys.terminals("ws-1").contains(key)).isTrue();
        }
        assertThat(keys.terminalOutputTail("ws-1", "t-1").contains(state)).isFalse();
        assertThat(keys.terminalOutputTail("ws-1", "t-1").contains(tailOffset)).isFalse();
        assertThat(keys.terminalOutputTail("ws-1", "t-2").contains(chunk)).isFalse();
        assertThat(tailOffset).isNotEqualTo(state);
    }

    @Test
    void terminalSessions_oneWorkspacesSessionsOnly() {
        assertThat(keys.terminalSessions("ws-1")).isNotNull();
        assertThat(keys.terminalSession("ws-1", "t-1")).isNotNull();
        assertThat(keys.terminalSessions("ws-1").contains(keys.terminalSession("ws-1", "t-1"))).isTrue();
        assertThat(keys.workspace("ws-1").contains(keys.terminalSession("ws-1", "t-1"))).isTrue();
        assertThat(keys.terminalSessions("ws-2").contains(keys.terminalSession("ws-1", "t-1"))).isFalse();
        assertThat(keys.terminalSessions("ws-1").contains(keys.terminalState("ws-1", "t-1"))).isFalse();
        assertThat(keys.terminalSession("ws-1", "t-1")).isNotEqualTo(keys.terminalSession("ws-1", "t-2"));
    }

    /**
     * The id listings name each child once, in key order ({@code ws-a} before {@code ws-ab}: tuple
     * strings end with a terminator), and read one key per child: a terminal's saved output is never
     * read to list it.
     */
    @Test
    void workspaceIdsAndTerminalIds_eachChildOnceInKeyOrder_oneKeyReadPerChild() {
        SortedTransaction stored = new SortedTransaction();
        stored.put(keys.workspaceRecord("ws-b"));
        stored.put(keys.workspaceOperation("ws-b"));
        stored.put(keys.workspaceActivity("ws-b"));
        stored.put(keys.terminalState("ws-b", "t-2"));
        stored.put(keys.terminalState("ws-b", "t-1"));
        stored.put(keys.terminalOutputTailOffset("ws-b", "t-1"));
        for (long offset = 0; offset < 10 * 4096; offset += 4096) {
            stored.put(keys.terminalOutputTail("ws-b", "t-1").pack(Tuple.from(offset)));
        }
        stored.put(keys.workspaceRecord("ws-ab"));
        stored.put(keys.workspaceRecord("ws-a"));
        stored.put(keys.ownerIndexEntry("alice", "ws-z"));
        stored.put(keys.attachTicket(new byte[32]));
        stored.put(keys.healthProbe());

        assertThat(keys.workspaceIds(stored)).containsExactly("ws-a", "ws-ab", "ws-b");
        assertThat(stored.pairsRead).isEqualTo(3);

        stored.pairsRead = 0;
        assertThat(keys.terminalIds(stored, "ws-b")).containsExactly("t-1", "t-2");
        assertThat(stored.pairsRead).isEqualTo(2);

        assertThat(keys.terminalIds(stored, "ws-a")).isEmpty();
        assertThat(new KeyLayout("other-root").workspaceIds(stored)).isEmpty();
    }

    @Test
    void healthProbe_underTheRoot_aCopyEachTime() {
        byte[] probe = keys.healthProbe();
        assertThat(probe).isNotNull().isNotEmpty();
        assertThat(new KeyLayout("other-root").healthProbe()).isNotEqualTo(probe);

        probe[0] ^= 0x7f;

        assertThat(keys.healthProbe()).isNotEqualTo(probe);
    }

    /** Keys in unsigned byte order, as both stores keep them; counts the pairs its range reads return. */
    private static final class SortedTransaction implements ReadTransaction {
        private final NavigableMap<byte[], byte[]> pairs = new TreeMap<>(UnsignedBytes::compare);
        int pairsRead;

        void put(byte[] key) {
            pairs.put(key, new byte[] {1});
        }

        @Override
        public Optional<byte[]> get(byte[] key) {
            return Optional.ofNullable(pairs.get(key));
        }

        @Override
        public List<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
            List<KeyValue> found = new ArrayList<>();
            for (var pair : pairs.subMap(begin, true, end, false).entrySet()) {
                if (limit > 0 && found.size() == limit) {
                    break;
                }
                found.add(new KeyValue(pair.getKey(), pair.getValue()));
            }
            pairsRead += found.size();
            return found;
        }
    }
}
