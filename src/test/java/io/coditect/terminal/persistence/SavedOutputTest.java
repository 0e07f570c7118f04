package io.coditect.terminal.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.ChunkedValue;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved output tail against the real embedded store: appends, trims, catch-ups and reading it back. */
class SavedOutputTest {
    private static final int TAIL = 50_000;

    @TempDir
    Path directory;

    private final KeyLayout keys = new KeyLayout("test");
    private final Random random = new Random(7);
    private KeyValueStore store;
    private SavedOutput output;
    /** Everything "printed" so far, as a terminal's ring would hold it (unbounded here). */
    private byte[] printed = new byte[0];

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(directory.resolve("store.mv.db"), 2000, 2000);
        output = fresh();
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) store).close();
    }

    @Test
    void plan_smallOutputs_extendShortLastChunkThenStartNewOnes() {
        print(100);
        save();
        print(200);
        save();
        assertThat(chunks()).containsExactly(0L);

        print(2000);
        save();
        print(10);
        save();

        assertThat(chunks()).containsExactly(0L, 2300L);
        assertThat(loaded().bytes()).isEqualTo(printed);
    }

    @Test
    void plan_nothingNew_writesNothing() {
        print(5000);
        save();

        SavedOutput.Plan again = output.plan(output.readFrom(), since(output.readFrom()));

        assertThat(again.isEmpty()).isTrue();
        assertThat(again.bytes()).isZero();
    }

    @Test
    void plan_outputBeyondTail_oldChunksTrimmedTailStartMoves() {
        for (int i = 0; i < 20; i++) {
            print(7_000);
            save();
        }

        SavedOutput.Loaded loaded = loaded();

        assertThat(loaded.start()).isEqualTo(printed.length - TAIL);
        assertThat(loaded.bytes()).isEqualTo(Arrays.copyOfRange(printed, printed.length - TAIL, printed.length));
        assertThat(chunks()).allMatch(offset -> offset + ChunkedValue.CHUNK_BYTES > printed.length - TAIL);
    }

    @Test
    void plan_ringOverranLastSave_wholeTailRewrittenFromWhatTheRingHolds() {
        print(3000);
        save();
        print(120_000);
        long ringStart = printed.length - 60_000;

        SavedOutput.Plan plan = output.plan(ringStart, since(ringStart));
        commit(plan);

        assertThat(plan.flood()).isTrue();
        assertThat(plan.bytes()).isLessThan(TAIL + 1000);
        SavedOutput.Loaded loaded = loaded();
        assertThat(loaded.start()).isEqualTo(printed.length - TAIL);
        assertThat(loaded.bytes()).isEqualTo(Arrays.copyOfRange(printed, printed.length - TAIL, printed.length));
    }

    @Test
    void load_continuedAfterRestart_appendsWithoutRewriting() {
        print(25_000);
        save();
        SavedOutput.Loaded loaded = loaded();
        output = loaded.output();

        print(500);
        SavedOutput.Plan plan = output.plan(output.readFrom(), since(output.readFrom()));
        commit(plan);

        assertThat(plan.flood()).isFalse();
        assertThat(plan.bytes()).isLessThan(700);
        assertThat(loaded().bytes()).isEqualTo(printed);
    }

    @Test
    void load_chunkMissing_noOutputAndNextSaveReplacesIt() {
        print(25_000);
        save();
        store.transact(tx -> {
            tx.clear(tail().pack(Tuple.from(10_000L)));
            return null;
        });

        SavedOutput.Loaded broken = loaded();
        assertThat(broken.consistent()).isFalse();
        assertThat(broken.bytes()).isEmpty();
        assertThat(broken.start()).isEqualTo(printed.length);

        output = broken.output();
        print(100);
        commit(output.plan(output.readFrom(), since(output.readFrom())));
        SavedOutput.Loaded repaired = loaded();
        assertThat(repaired.consistent()).isTrue();
        assertThat(repaired.bytes()).isEqualTo(Arrays.copyOfRange(printed, 25_000, printed.length));
    }

    private SavedOutput fresh() {
        return new SavedOutput(tail(), keys.terminalOutputTailOffset("ws-1", "t-1"), 0, TAIL);
    }

    private com.apple.foundationdb.subspace.Subspace tail() {
        return keys.terminalOutputTail("ws-1", "t-1");
    }

    private void print(int bytes) {
        byte[] more = new byte[bytes];
        random.nextBytes(more);
        byte[] all = Arrays.copyOf(printed, printed.length + bytes);
        System.arraycopy(more, 0, all, printed.length, bytes);
        printed = all;
    }

    private byte[] since(long offset) {
        return Arrays.copyOfRange(printed, (int) offset, printed.length);
    }

    private void save() {
        commit(output.plan(output.readFrom(), since(output.readFrom())));
    }

    private void commit(SavedOutput.Plan plan) {
        store.transact(tx -> {
            plan.apply(tx);
            return null;
        });
        plan.committed();
    }

    private SavedOutput.Loaded loaded() {
        return store.read(tx -> SavedOutput.load(tx, tail(), keys.terminalOutputTailOffset("ws-1", "t-1"),
                printed.length, TAIL));
    }

    private List<Long> chunks() {
        return store.read(tx -> tx.getRange(tail().range())).stream()
                .map(KeyValue::key).map(key -> tail().unpack(key).getLong(0)).toList();
    }
}
