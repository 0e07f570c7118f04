package io.coditect.terminal.persistence;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.ChunkedValue;
import io.coditect.store.KeyValue;
import io.coditect.store.ReadTransaction;
import io.coditect.store.Transaction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The saved tail of one terminal's output, as the store holds it: chunks of at most
 * {@link ChunkedValue#CHUNK_BYTES} bytes keyed by the output offset of their first byte, plus the
 * offset the tail starts at. Each save appends the new output as new chunks (the last chunk is
 * rewritten only while it is shorter than {@value #EXTEND_BELOW} bytes, so slow output does not
 * leave thousands of tiny keys) and trims what fell out of the last {@link #TAIL_BYTES} with one
 * range clear: a save costs about what was printed since the last one, not the whole tail.
 *
 * <p>Remembers which chunks it wrote, so it is used by one thread (the session writer) and changes
 * only when a save has committed ({@link Plan#committed()}).
 */
final class SavedOutput {
    /** The most output a session keeps across a restart (at most the ring). */
    static final int TAIL_BYTES = 256 * 1024;
    /** A last chunk shorter than this is rewritten with the next output instead of starting a new one. */
    static final int EXTEND_BELOW = 1024;

    private final Subspace chunks;
    private final byte[] startKey;
    /** The oldest offset the session ever held: 0, or where a restored session's saved output began. */
    private final long floor;
    private final int tailBytes;
    private final ArrayDeque<Chunk> stored = new ArrayDeque<>();
    /** The stored tail start, or -1 before the first save. */
    private long storedStart = -1;

    private record Chunk(long offset, int length) {
        long end() {
            return offset + length;
        }
    }

    SavedOutput(Subspace chunks, byte[] startKey, long floor, int tailBytes) {
        this.chunks = chunks;
        this.startKey = startKey.clone();
        this.floor = floor;
        this.tailBytes = tailBytes;
    }

    /** The offset after the last saved byte. */
    long end() {
        return stored.isEmpty() ? Math.max(floor, storedStart) : stored.getLast().end();
    }

    /** Where the next save needs output from: the start of a short last chunk (it is rewritten), else {@link #end()}. */
    long readFrom() {
        Chunk last = stored.peekLast();
        return last != null && last.length() < EXTEND_BELOW ? last.offset() : end();
    }

    /**
     * What saving {@code output} (which starts at offset {@code from}) changes in the store; an
     * empty plan when the store already has it all. {@code from} is {@link #readFrom()}, or later
     * when the terminal no longer holds that (more was printed than its ring keeps): then the
     * whole tail is written again, as on the first save.
     */
    Plan plan(long from, byte[] output) {
        long end = from + output.length;
        long tailStart = Math.max(floor, end - tailBytes);
        if (storedStart >= 0 && from == readFrom() && end == end()) {
            return new Plan(List.of(), 0, null, storedStart, false);
        }
        List<Mutation> mutations = new ArrayList<>();
        ArrayDeque<Chunk> after = new ArrayDeque<>(stored);
        long writeFrom = from;
        boolean flood = storedStart >= 0 && (from != readFrom() || from < tailStart);
        // The first save clears whatever an earlier server left (a tail it could not use).
        if (storedStart < 0 || flood) {
            mutations.add(new ClearRange(chunks.range().begin, chunks.range().end));
            after.clear();
            writeFrom = Math.max(from, tailStart);
        } else if (!after.isEmpty() && after.getLast().offset() == from) {
            after.removeLast();
        }
        for (long offset = writeFrom; offset < end; offset += ChunkedValue.CHUNK_BYTES) {
            int length = (int) Math.min(ChunkedValue.CHUNK_BYTES, end - offset);
            int at = (int) (offset - from);
            mutations.add(new Set(key(offset), Arrays.copyOfRange(output, at, at + length)));
            after.addLast(new Chunk(offset, length));
        }
        boolean trimmed = false;
        while (!after.isEmpty() && after.getFirst().end() <= tailStart) {
            after.removeFirst();
            trimmed = true;
        }
        if (trimmed && !(mutations.getFirst() instanceof ClearRange)) {
            byte[] until = after.isEmpty() ? chunks.range().end : key(after.getFirst().offset());
            mutations.add(new ClearRange(chunks.range().begin, until));
        }
        if (tailStart != storedStart) {
            mutations.add(new Set(startKey, Tuple.from(tailStart).pack()));
        }
        int bytes = mutations.stream().mapToInt(Mutation::bytes).sum();
        return new Plan(mutations, bytes, after, tailStart, flood);
    }

    private byte[] key(long offset) {
        return chunks.pack(Tuple.from(offset));
    }

    /** What one save writes, and how the bookkeeping looks once it committed. */
    final class Plan {
        private final List<Mutation> mutations;
        private final int bytes;
        private final ArrayDeque<Chunk> after;
        private final long start;
        private final boolean flood;

        private Plan(List<Mutation> mutations, int bytes, ArrayDeque<Chunk> after, long start, boolean flood) {
            this.mutations = mutations;
            this.bytes = bytes;
            this.after = after;
            this.start = start;
            this.flood = flood;
        }

        boolean isEmpty() {
            return mutations.isEmpty();
        }

        /**
         * Whether more was printed since the last save than can be appended (more than the tail, or
         * more than the ring still held), so the whole tail is written again.
         */
        boolean flood() {
            return flood;
        }

        /** Bytes of keys and values it writes, as the store counts them against its transaction limit. */
        int bytes() {
            return bytes;
        }

        /** Writes it; safe to run again when the store retries the transaction. */
        void apply(Transaction transaction) {
            mutations.forEach(mutation -> mutation.apply(transaction));
        }

        /** The transaction that applied this plan committed. */
        void committed() {
            if (after != null) {
                stored.clear();
                stored.addAll(after);
                storedStart = start;
            }
        }
    }

    /**
     * Reads a saved tail: the output from the stored tail start up to {@code end}, and the
     * bookkeeping of a {@link SavedOutput} that continues it. Empty output when nothing usable is
     * stored (the offsets still continue at {@code end}).
     */
    static Loaded load(ReadTransaction transaction, Subspace chunks, byte[] startKey, long end, int tailBytes) {
        long start = transaction.get(startKey).map(value -> Tuple.fromBytes(value).getLong(0)).orElse(end);
        List<KeyValue> pairs = transaction.getRange(chunks.range());
        SavedOutput output = new SavedOutput(chunks, startKey, start, tailBytes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long next = -1;
        for (KeyValue pair : pairs) {
            long offset = chunks.unpack(pair.key()).getLong(0);
            if (next >= 0 && offset != next) {
                return Loaded.empty(chunks, startKey, end, tailBytes);
            }
            output.stored.addLast(new Chunk(offset, pair.value().length));
            bytes.writeBytes(pair.value());
            next = offset + pair.value().length;
        }
        long first = output.stored.isEmpty() ? end : output.stored.getFirst().offset();
        if (start < first || start > end || (!output.stored.isEmpty() && next != end)) {
            return Loaded.empty(chunks, startKey, end, tailBytes);
        }
        output.storedStart = start;
        byte[] all = bytes.toByteArray();
        return new Loaded(output, start, Arrays.copyOfRange(all, (int) (start - first), all.length), true);
    }

    /**
     * A tail read back from the store: its output from {@code start}, and the bookkeeping to continue
     * it. {@code consistent} is false when what was stored could not be used: then there is no
     * output, and the first save replaces what is stored.
     */
    record Loaded(SavedOutput output, long start, byte[] bytes, boolean consistent) {
        static Loaded empty(Subspace chunks, byte[] startKey, long end, int tailBytes) {
            return new Loaded(new SavedOutput(chunks, startKey, end, tailBytes), end, new byte[0], false);
        }
    }

    private sealed interface Mutation permits Set, ClearRange {
        void apply(Transaction transaction);

        int bytes();
    }

    private record Set(byte[] key, byte[] value) implements Mutation {
        @Override
        public void apply(Transaction transaction) {
            transaction.set(key, value);
        }

        @Override
        public int bytes() {
            return key.length + value.length;
        }
    }

    private record ClearRange(byte[] begin, byte[] end) implements Mutation {
        @Override
        public void apply(Transaction transaction) {
            transaction.clearRange(begin, end);
        }

        @Override
        public int bytes() {
            return begin.length + end.length;
        }
    }
}
