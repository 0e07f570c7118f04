package io.coditect.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One value larger than a store value may be (such as a terminal's saved output), kept as chunks
 * of at most {@value #CHUNK_BYTES} bytes under its own subspace: {@code (subspace..., 0)},
 * {@code (subspace..., 1)}, ... Everything happens inside the caller's transaction, so the value is
 * written, replaced and read whole: a write clears the old chunks first (a shorter value leaves no
 * stale tail), and a reader never sees half of one. The whole value must fit in the transaction's
 * budget ({@link KeyValueStore#MAX_TRANSACTION_BYTES}).
 */
public record ChunkedValue(Subspace subspace) {
    /** FoundationDB's advice for values (at most 10 kB each), as in its own blob recipe. */
    public static final int CHUNK_BYTES = 10_000;

    /** Replaces the value; an empty value is stored as one empty chunk, so it is not absent. */
    public void write(Transaction transaction, byte[] value) {
        clear(transaction);
        int chunks = Math.max(1, (value.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        for (int index = 0; index < chunks; index++) {
            int from = index * CHUNK_BYTES;
            int to = Math.min(value.length, from + CHUNK_BYTES);
            transaction.set(subspace.pack(Tuple.from(index)), Arrays.copyOfRange(value, from, to));
        }
    }

    /** The whole value, or empty when none was written. */
    public Optional<byte[]> read(ReadTransaction transaction) {
        List<KeyValue> chunks = transaction.getRange(subspace.range());
        if (chunks.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream(chunks.size() * CHUNK_BYTES);
        for (int index = 0; index < chunks.size(); index++) {
            KeyValue chunk = chunks.get(index);
            if (subspace.unpack(chunk.key()).getLong(0) != index) {
                throw new IllegalStateException("chunk " + index + " of the value under " + subspace
                        + " is missing: it was not written through ChunkedValue");
            }
            value.writeBytes(chunk.value());
        }
        return Optional.of(value.toByteArray());
    }

    public void clear(Transaction transaction) {
        transaction.clearRange(subspace.range());
    }
}
