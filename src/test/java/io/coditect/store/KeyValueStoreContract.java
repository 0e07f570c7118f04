package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyValueStore} backend must do, run against each of them: order and ranges,
 * transactions, the key layout and health here, values in {@link StoreValuesContract}, on the
 * fixture of {@link StoreContractFixture}.
 */
public abstract class KeyValueStoreContract extends StoreValuesContract {
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

    // --- health ---

    @Test
    void health_reachable_upNamingTheBackend() {
        StoreHealth health = store.health();

        assertThat(health.up()).as(health.detail()).isTrue();
        assertThat(health.backend()).isEqualTo(expectedBackend()).isEqualTo(store.backend());
        assertThat(health.detail()).isNotBlank();
    }
}
