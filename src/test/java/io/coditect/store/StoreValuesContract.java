package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The store contract on values: values larger than one value, the limits, batch and snapshot reads,
 * atomic max and versionstamped keys ({@link KeyValueStoreContract} is the whole contract).
 */
public abstract class StoreValuesContract extends StoreContractFixture {
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
}
