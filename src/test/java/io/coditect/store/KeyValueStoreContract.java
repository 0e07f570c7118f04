package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyValueStore} backend must do, run against each of them. Each test works under
 * its own root, so a shared FoundationDB cluster serves any number of runs; the root is cleared after.
 */
public abstract class KeyValueStoreContract {
    private static final long TIMEOUT_MILLIS = 4000;
    private static final long SHORT_TIMEOUT_MILLIS = 250;

    private final String rootName = "contract-" + UUID.randomUUID();
    private final Subspace root = new Subspace(Tuple.from(rootName));
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

    // --- order and ranges ---

    @Test
    void getRange_rawKeysWrittenOutOfOrder_unsignedByteOrder() {
        List<byte[]> expected = new ArrayList<>();
        for (int[] suffix : new int[][] {{0x00}, {0x00, 0x00}, {0x01}, {0x7F}, {0x7F, 0xFF}, {0x80}, {0xC0},
                {0xFE}, {0xFE, 0x01}}) {
            byte[] key = Arrays.copyOf(root.pack(), root.pack().length + suffix.length);
            for (int i = 0; i < suffix.length; i++) {
                key[root.pack().length + i] = (byte) suffix[i];
            }
            expected.add(key);
        }
        List<byte[]> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        store.transact(tx -> {
            shuffled.forEach(key -> tx.set(key, bytes("v")));
            return null;
        });

        List<byte[]> read = store.read(tx -> tx.getRange(root.range())).stream().map(KeyValue::key).toList();

        assertThat(read).usingElementComparator(UnsignedBytes.ORDER).containsExactlyElementsOf(expected);
    }

    @Test
    void getRange_tupleKeysWrittenOutOfOrder_tupleOrder() {
        List<Tuple> tuples = new ArrayList<>(List.of(
                Tuple.from("a"), Tuple.from("a", 1L), Tuple.from("a", "b"), Tuple.from("a\u0000"), Tuple.from("ab"),
                Tuple.from("b"), Tuple.from(Long.MIN_VALUE + 1), Tuple.from(-256L), Tuple.from(-1L), Tuple.from(0L),
                Tuple.from(9L), Tuple.from(10L), Tuple.from(255L), Tuple.from(256L), Tuple.from(Long.MAX_VALUE),
                Tuple.from(new byte[] {(byte) 0xFF}), Tuple.from(false), Tuple.from(true)));
        List<Tuple> sorted = tuples.stream().sorted().toList();
        Collections.shuffle(tuples, new Random(11));
        store.transact(tx -> {
            tuples.forEach(tuple -> tx.set(root.pack(tuple), bytes("v")));
            return null;
        });

        List<Tuple> read = store.read(tx -> tx.getRange(root.range())).stream()
                .map(pair -> root.unpack(pair.key())).toList();

        assertThat(read).containsExactlyElementsOf(sorted);
    }

    @Test
    void getRange_limitsAndBounds_halfOpenInKeyOrder() {
        store.transact(tx -> {
            IntStream.range(0, 10).forEach(i -> tx.set(key(i), bytes("v" + i)));
            return null;
        });

        store.read(tx -> {
            assertThat(indexes(tx.getRange(root.range(), 3))).containsExactly(0L, 1L, 2L);
            assertThat(indexes(tx.getRange(key(5), key(8)))).containsExactly(5L, 6L, 7L);
            assertThat(indexes(tx.getRange(key(5), key(8), 2))).containsExactly(5L, 6L);
            assertThat(indexes(tx.getRange(root.range(), 0))).hasSize(10);
            assertThat(tx.getRange(key(8), key(5))).isEmpty();
            assertThat(tx.getRange(key(5), key(5))).isEmpty();
            assertThat(tx.getRange(key(3), key(4)).get(0).value()).isEqualTo(bytes("v3"));
            return null;
        });
    }

    // --- transactions ---

    @Test
    void transact_ownWritesBeforeCommit_seenByItsOwnReads() {
        store.transact(tx -> {
            tx.set(key("a"), bytes("1"));
            tx.set(key("b"), bytes("2"));
            tx.set(key("c"), bytes("3"));
            return null;
        });

        store.transact(tx -> {
            tx.set(key("b"), bytes("20"));
            tx.clear(key("c"));
            tx.set(key("d"), bytes("4"));
            assertThat(tx.get(key("b"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("20")));
            assertThat(tx.get(key("c"))).isEmpty();
            assertThat(tx.get(key("d"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("4")));
            assertThat(pairs(tx.getRange(root.range()))).containsExactly("a=1", "b=20", "d=4");
            assertThat(pairs(tx.getRange(root.range(), 2))).containsExactly("a=1", "b=20");
            tx.clearRange(key("a"), key("c"));
            assertThat(pairs(tx.getRange(root.range()))).containsExactly("d=4");
            tx.set(key("a"), bytes("100"));
            assertThat(pairs(tx.getRange(root.range()))).containsExactly("a=100", "d=4");
            return null;
        });

        assertThat(storedPairs()).containsExactly("a=100", "d=4");
    }

    @Test
    void clearAndClearRange_committed_removeExactlyTheirKeys() {
        store.transact(tx -> {
            IntStream.range(0, 10).forEach(i -> tx.set(key(i), bytes("v")));
            return null;
        });

        store.transact(tx -> {
            tx.clear(key(3));
            tx.clearRange(key(5), key(8));
            return null;
        });

        assertThat(indexes(stored(root))).containsExactly(0L, 1L, 2L, 4L, 8L, 9L);
    }

    @Test
    void transact_workThrows_nothingWrittenAndTheSameExceptionOut() {
        store.transact(tx -> {
            tx.set(key("a"), bytes("1"));
            return null;
        });
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.transact(tx -> {
            tx.set(key("a"), bytes("2"));
            tx.set(key("b"), bytes("2"));
            tx.clearRange(root.range());
            tx.set(key("c"), bytes("3"));
            throw boom;
        })).isSameAs(boom);

        assertThat(storedPairs()).containsExactly("a=1");
    }

    @Test
    void transact_concurrentIncrementsOfOneCounter_everyOneLandsOnce() throws Exception {
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.transact(tx -> {
                            long next = tx.get(key("counter")).map(v -> Tuple.fromBytes(v).getLong(0)).orElse(0L) + 1;
                            tx.set(key("counter"), Tuple.from(next).pack());
                            tx.set(key("log", next), bytes(Thread.currentThread().getName()));
                            return null;
                        });
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }

        long counter = store.read(tx -> Tuple.fromBytes(tx.get(key("counter")).orElseThrow()).getLong(0));
        List<Object> logged = store.read(tx -> tx.getRange(root.get("log").range())).stream()
                .map(pair -> root.get("log").unpack(pair.key()).get(0)).toList();

        assertThat(counter).isEqualTo(threads * perThread);
        assertThat(logged).containsExactlyElementsOf(
                IntStream.rangeClosed(1, threads * perThread).mapToObj(i -> (Object) (long) i).toList());
    }

    @Test
    void read_whileTransactionsCommit_seesWholeTransactionsOnly() throws Exception {
        store.transact(tx -> {
            tx.set(key("x"), Tuple.from(0L).pack());
            tx.set(key("y"), Tuple.from(0L).pack());
            return null;
        });
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (writing.get() || reads.get() == 0) {
                store.read(tx -> {
                    byte[] x = tx.get(key("x")).orElseThrow();
                    byte[] y = tx.get(key("y")).orElseThrow();
                    if (!Arrays.equals(x, y)) {
                        torn.incrementAndGet();
                    }
                    return reads.incrementAndGet();
                });
            }
        });

        for (long i = 1; i <= 100; i++) {
            long value = i;
            store.transact(tx -> {
                tx.set(key("x"), Tuple.from(value).pack());
                tx.set(key("y"), Tuple.from(value).pack());
                return null;
            });
        }
        writing.set(false);
        reader.get();

        assertThat(reads.get()).isPositive();
        assertThat(torn.get()).isZero();
    }

    @Test
    void read_commitAfterItStarted_notSeenByIt() throws Exception {
        store.transact(tx -> {
            tx.set(key("a"), bytes("before"));
            return null;
        });

        List<String> seen = store.read(tx -> {
            String first = new String(tx.get(key("a")).orElseThrow(), StandardCharsets.UTF_8);
            CompletableFuture.runAsync(() -> store.transact(other -> {
                other.set(key("a"), bytes("after"));
                other.set(key("b"), bytes("after"));
                return null;
            })).join();
            String again = new String(tx.get(key("a")).orElseThrow(), StandardCharsets.UTF_8);
            return List.of(first, again, String.valueOf(tx.get(key("b")).isPresent()));
        });

        assertThat(seen).containsExactly("before", "before", "false");
        assertThat(storedPairs()).containsExactly("a=after", "b=after");
    }

    // --- values larger than one value ---

    @Test
    void chunkedValue_largerThanOneValue_readBackWholeFromSeveralKeys() {
        ChunkedValue value = new ChunkedValue(root.get("big"));
        byte[] content = randomBytes(250_000);

        store.transact(tx -> {
            value.write(tx, content);
            return null;
        });

        assertThat(store.read(value::read)).hasValueSatisfying(v -> assertThat(v).isEqualTo(content));
        List<KeyValue> chunks = stored(root.get("big"));
        assertThat(chunks).hasSize(25).allSatisfy(chunk ->
                assertThat(chunk.value().length).isLessThanOrEqualTo(KeyValueStore.MAX_VALUE_BYTES));
    }

    @Test
    void chunkedValue_replacedByShorter_noStaleChunksLeft() {
        ChunkedValue value = new ChunkedValue(root.get("big"));
        byte[] shorter = randomBytes(15_000);
        store.transact(tx -> {
            value.write(tx, randomBytes(250_000));
            return null;
        });

        store.transact(tx -> {
            value.write(tx, shorter);
            return null;
        });

        assertThat(store.read(value::read)).hasValueSatisfying(v -> assertThat(v).isEqualTo(shorter));
        assertThat(stored(root.get("big"))).hasSize(2);
    }

    @Test
    void chunkedValue_writtenThenReadInOneTransaction_readsItsOwnWrite() {
        ChunkedValue value = new ChunkedValue(root.get("big"));
        byte[] first = randomBytes(120_000);
        byte[] second = randomBytes(30_000);

        Optional<byte[]> seen = store.transact(tx -> {
            value.write(tx, first);
            value.write(tx, second);
            return value.read(tx);
        });

        assertThat(seen).hasValueSatisfying(v -> assertThat(v).isEqualTo(second));
        assertThat(store.read(value::read)).hasValueSatisfying(v -> assertThat(v).isEqualTo(second));
    }

    @Test
    void chunkedValue_emptyAbsentAndCleared_toldApart() {
        ChunkedValue empty = new ChunkedValue(root.get("empty"));
        ChunkedValue cleared = new ChunkedValue(root.get("cleared"));
        store.transact(tx -> {
            empty.write(tx, new byte[0]);
            cleared.write(tx, randomBytes(20_001));
            return null;
        });

        store.transact(tx -> {
            cleared.clear(tx);
            return null;
        });

        assertThat(store.read(empty::read)).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(store.read(cleared::read)).isEmpty();
        assertThat(store.read(new ChunkedValue(root.get("never"))::read)).isEmpty();
    }

    @Test
    void chunkedValue_overTransactionLimit_refusedAndOldValueKept() {
        ChunkedValue value = new ChunkedValue(root.get("big"));
        byte[] old = randomBytes(40_000);
        store.transact(tx -> {
            value.write(tx, old);
            return null;
        });

        assertThatThrownBy(() -> store.transact(tx -> {
            value.write(tx, randomBytes(KeyValueStore.MAX_TRANSACTION_BYTES + 1));
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the limit");

        assertThat(store.read(value::read)).hasValueSatisfying(v -> assertThat(v).isEqualTo(old));
    }

    // --- the key layout ---

    @Test
    void clearRange_oneWorkspace_removesAllOfItAndNothingOfItsNeighbour() {
        String gone = "ws-abc";
        String neighbour = "ws-abcd";
        byte[] output = randomBytes(9_000);
        store.transact(tx -> {
            for (String workspace : List.of(gone, neighbour)) {
                saveWorkspaceWithTerminals(tx, workspace, output);
            }
            return null;
        });

        store.transact(tx -> {
            tx.clearRange(keys.workspace(gone).range());
            tx.clear(keys.ownerIndexEntry("alice", gone));
            return null;
        });

        store.read(tx -> {
            assertThat(tx.get(keys.workspaceRecord(gone))).isEmpty();
            assertThat(keys.terminalIds(tx, gone)).isEmpty();
            assertThat(tx.getRange(keys.terminalOutputTail(gone, "t-1").range())).isEmpty();
            assertThat(tx.get(keys.terminalOutputTailOffset(gone, "t-1"))).isEmpty();
            assertThat(tx.getRange(keys.ownerIndex("alice").range())).hasSize(1);
            assertThat(tx.get(keys.workspaceRecord(neighbour))).isPresent();
            assertThat(keys.terminalIds(tx, neighbour)).containsExactly("t-1", "t-10", "t-2");
            assertThat(tx.getRange(keys.terminalOutputTail(neighbour, "t-2").range()))
                    .extracting(KeyValue::value).containsExactly(output);
            assertThat(Tuple.fromBytes(tx.get(keys.terminalOutputTailOffset(neighbour, "t-2")).orElseThrow()).getLong(0))
                    .isEqualTo(1L << 40);
            assertThat(keys.workspaceIds(tx)).containsExactly(neighbour);
            return null;
        });
    }

    @Test
    void keyLayout_workspacesAndTerminals_idsListedOnceEachInKeyOrder() {
        store.transact(tx -> {
            for (String workspace : List.of("ws-b", "ws-a", "ws-c")) {
                saveWorkspaceWithTerminals(tx, workspace, randomBytes(9_000));
            }
            return null;
        });

        store.read(tx -> {
            assertThat(keys.workspaceIds(tx)).containsExactly("ws-a", "ws-b", "ws-c");
            assertThat(keys.terminalIds(tx, "ws-b")).containsExactly("t-1", "t-10", "t-2");
            assertThat(keys.terminalIds(tx, "ws-none")).isEmpty();
            return null;
        });
    }

    // --- limits ---

    @Test
    void set_valueOverLimit_refusedAndNothingWritten() {
        store.transact(tx -> {
            tx.set(key("largest"), new byte[KeyValueStore.MAX_VALUE_BYTES]);
            return null;
        });

        assertThatThrownBy(() -> store.transact(tx -> {
            tx.set(key("ok"), bytes("v"));
            tx.set(key("too-large"), new byte[KeyValueStore.MAX_VALUE_BYTES + 1]);
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ChunkedValue");

        assertThat(stored(root)).hasSize(1);
    }

    @Test
    void set_keyOverLimitOrSystemKey_refused() {
        byte[] longKey = Arrays.copyOf(root.pack(), KeyValueStore.MAX_KEY_BYTES + 1);

        assertThatThrownBy(() -> store.transact(tx -> {
            tx.set(longKey, bytes("v"));
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> store.transact(tx -> {
            tx.set(new byte[] {(byte) 0xFF, 0x01}, bytes("v"));
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0xFF");
    }

    @Test
    void transact_writesOverTransactionLimit_refusedAndNothingWritten() {
        assertThatThrownBy(() -> store.transact(tx -> {
            for (int i = 0; i < 6; i++) {
                tx.set(key(i), new byte[90_000]);
            }
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transaction");

        assertThat(stored(root)).isEmpty();
    }

    @Test
    void transact_workOutlivesTimeLimit_unavailableAndNothingWritten() {
        KeyValueStore impatient = openTracked(SHORT_TIMEOUT_MILLIS);

        assertThatThrownBy(() -> impatient.transact(tx -> {
            tx.set(key("a"), bytes("1"));
            sleep(3 * SHORT_TIMEOUT_MILLIS);
            tx.set(key("b"), bytes("2"));
            return null;
        })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("ms");

        assertThat(stored(root)).isEmpty();
    }

    @Test
    void read_workOutlivesTimeLimit_unavailable() {
        KeyValueStore impatient = openTracked(SHORT_TIMEOUT_MILLIS);

        assertThatThrownBy(() -> impatient.read(tx -> {
            sleep(3 * SHORT_TIMEOUT_MILLIS);
            return tx.get(key("a"));
        })).isInstanceOf(StoreUnavailableException.class);
    }

    // --- batch reads, snapshot reads, atomic max ---

    @Test
    void getAll_presentMissingAndOwnWrites_inTheOrderAsked() {
        store.transact(tx -> {
            tx.set(key("a"), bytes("1"));
            tx.set(key("c"), bytes("3"));
            return null;
        });

        List<String> values = store.transact(tx -> {
            tx.set(key("b"), bytes("2"));
            tx.clear(key("c"));
            return tx.getAll(List.of(key("c"), key("b"), key("missing"), key("a"))).stream()
                    .map(value -> value.map(v -> new String(v, StandardCharsets.UTF_8)).orElse("-"))
                    .toList();
        });

        assertThat(values).containsExactly("-", "2", "-", "1");
        List<Optional<byte[]>> none = store.read(tx -> tx.getAll(List.of()));
        assertThat(none).isEmpty();
    }

    @Test
    void snapshot_readsStoredAndOwnWrites_likeTheTransaction() {
        store.transact(tx -> {
            tx.set(key("a"), bytes("1"));
            return null;
        });

        List<String> seen = store.transact(tx -> {
            tx.set(key("b"), bytes("2"));
            return pairs(tx.snapshot().getRange(root.range()));
        });

        assertThat(seen).containsExactly("a=1", "b=2");
    }

    @Test
    void max_missingSmallerAndLarger_keepsTheLargest() {
        byte[] key = key("activity");

        store.transact(tx -> {
            tx.max(key, 1_000);
            return null;
        });
        store.transact(tx -> {
            tx.max(key, 10);
            return null;
        });
        long withinOneTransaction = store.transact(tx -> {
            tx.max(key, 5_000);
            tx.max(key, 2_000);
            return AtomicNumbers.decode(tx.get(key).orElseThrow());
        });

        assertThat(withinOneTransaction).isEqualTo(5_000);
        assertThat(store.read(tx -> tx.get(key)).map(AtomicNumbers::decode)).contains(5_000L);
        assertThat(store.read(tx -> tx.get(key)).orElseThrow()).isEqualTo(AtomicNumbers.encode(5_000));
        assertThatThrownBy(() -> store.transact(tx -> {
            tx.max(key, -1);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void max_concurrentFromManyThreads_theLargestStays() throws Exception {
        byte[] key = key("activity");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        long value = i * 4L + thread;
                        store.transact(tx -> {
                            tx.max(key, value);
                            return null;
                        });
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }

        assertThat(store.read(tx -> tx.get(key)).map(AtomicNumbers::decode)).contains(99L);
    }

    // --- versionstamped keys ---

    @Test
    void versionstampedKey_eachCommitItsOwnStamp_inCommitOrder_userVersionsWithinOne() {
        for (String value : List.of("first", "second")) {
            store.transact(tx -> {
                tx.setVersionstampedKey(Versionstamps.key(root, Tuple.from("log"), 0), bytes(value));
                return null;
            });
        }
        store.transact(tx -> {
            tx.setVersionstampedKey(Versionstamps.key(root, Tuple.from("log"), 1), bytes("third-b"));
            tx.setVersionstampedKey(Versionstamps.key(root, Tuple.from("log"), 0), bytes("third-a"));
            return null;
        });

        List<KeyValue> stored = store.read(tx -> tx.getRange(root.get("log").range()));

        assertThat(stored).extracting(pair -> new String(pair.value(), StandardCharsets.UTF_8))
                .containsExactly("first", "second", "third-a", "third-b");
        List<Versionstamp> stamps = stored.stream().map(pair -> root.unpack(pair.key()).getVersionstamp(1)).toList();
        assertThat(stamps).allMatch(Versionstamp::isComplete).doesNotHaveDuplicates();
        assertThat(stamps.get(0).getTransactionVersion()).isNotEqualTo(stamps.get(1).getTransactionVersion());
        assertThat(stamps.get(2).getTransactionVersion()).isEqualTo(stamps.get(3).getTransactionVersion());
        assertThat(stamps.get(3).getUserVersion()).isEqualTo(1);
    }

    @Test
    void versionstampedKey_withoutOffsetOrOverLimits_refusedWritingNothing() {
        assertThatThrownBy(() -> store.transact(tx -> {
            tx.setVersionstampedKey(key("no-offset"), bytes("v"));
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.transact(tx -> {
            tx.setVersionstampedKey(Versionstamps.key(root, Tuple.from("log"), 0),
                    new byte[KeyValueStore.MAX_VALUE_BYTES + 1]);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);

        List<KeyValue> left = store.read(tx -> tx.getRange(root.range()));
        assertThat(left).isEmpty();
    }

    // --- health ---

    @Test
    void health_reachable_upNamingTheBackend() {
        StoreHealth health = store.health();

        assertThat(health.up()).as(health.detail()).isTrue();
        assertThat(health.backend()).isEqualTo(expectedBackend()).isEqualTo(store.backend());
        assertThat(health.detail()).isNotBlank();
    }

    // --- helpers ---

    private KeyValueStore openTracked(long timeoutMillis) {
        KeyValueStore opened = open(timeoutMillis);
        this.opened.add(opened);
        return opened;
    }

    private void saveWorkspaceWithTerminals(Transaction tx, String workspace, byte[] output) {
        tx.set(keys.workspaceRecord(workspace), bytes("{\"id\":\"" + workspace + "\"}"));
        tx.set(keys.ownerIndexEntry("alice", workspace), new byte[0]);
        for (String terminal : List.of("t-1", "t-2", "t-10")) {
            tx.set(keys.terminalState(workspace, terminal), bytes("{\"cwd\":\"/tmp\"}"));
            tx.set(keys.terminalOutputTail(workspace, terminal).pack(Tuple.from(1L << 40)), output);
            tx.set(keys.terminalOutputTailOffset(workspace, terminal), Tuple.from(1L << 40).pack());
        }
    }

    private List<KeyValue> stored(Subspace subspace) {
        return store.read(tx -> tx.getRange(subspace.range()));
    }

    private List<String> storedPairs() {
        return pairs(stored(root));
    }

    private byte[] key(Object... elements) {
        return root.pack(Tuple.from(elements));
    }

    private List<Long> indexes(List<KeyValue> pairs) {
        return pairs.stream().map(pair -> root.unpack(pair.key()).getLong(0)).toList();
    }

    private List<String> pairs(List<KeyValue> pairs) {
        return pairs.stream()
                .map(pair -> root.unpack(pair.key()).getString(0) + "=" + new String(pair.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
