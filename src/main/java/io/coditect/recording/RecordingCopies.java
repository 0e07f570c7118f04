package io.coditect.recording;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.platform.Immutable;
import io.coditect.store.ChunkedValue;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The gateway's copies of the recordings its agents make, in the gateway's own store under the
 * keys of a standalone server's recordings ({@link KeyLayout}: description, chunks of
 * {@link ChunkedValue#CHUNK_BYTES}, expiry entry), so the listing, the download, retention and a
 * workspace's delete treat them as they treat a standalone server's. A copy in progress also has a
 * {@code rec-copy} entry holding how many bytes are copied; the description's {@code bytes} is the
 * end of the last whole line copied (a download never ends inside a line) and its {@code copy}
 * says how far the copy is ({@link RecordingInfo#COPYING}, {@link RecordingInfo#COMPLETE},
 * {@link RecordingInfo#STOPPED}).
 *
 * <p>Copied bytes are never written again: an append writes only past the copied count, and the
 * chunk it completes from the gateway's own partial chunk, never from the agent. Every append
 * names the count it continues from and writes nothing unless the store still says so, so a
 * transaction body that runs again (the store's retry contract), another replica copying the same
 * recording, or a piece copied twice leaves each chunk stored once.
 */
@Immutable
public class RecordingCopies {
    /** A copy in progress, as the gateway's store has it: the description and the bytes copied. */
    public record Progress(RecordingInfo info, long copied) {
    }

    /** A copy's place in the work list. */
    public record Copy(String workspaceId, String recordingId) {
    }

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final RecordingStore recordings;
    private final AuditLog audit;

    @Inject
    public RecordingCopies(KeyValueStore store, KeyLayout keys, RecordingStore recordings, AuditLog audit) {
        this.store = store;
        this.keys = keys;
        this.recordings = recordings;
        this.audit = audit;
    }

    /**
     * A copy begins, empty, with the recording's {@code recording.start} event: its description
     * ({@code bytes} 0, {@link RecordingInfo#COPYING}), its expiry entry and its work-list entry, in
     * one transaction; the event is exported after it.
     */
    public void begin(RecordingInfo info, AuditEvent event) {
        store.transact(tx -> {
            // A workspace deleted meanwhile gets no copy: nothing would ever clear it.
            if (tx.get(keys.workspaceRecord(info.workspace())).isPresent()) {
                tx.set(recordings.descriptionKey(info.workspace(), info.id(), info.startedAt().toEpochMilli()),
                        RecordingJson.encode(info.progressed(0, 0, null).withCopy(RecordingInfo.COPYING)));
                tx.set(keys.recordingExpiries().pack(Tuple.from(info.startedAt().toEpochMilli(), info.workspace(), info.id())),
                        new byte[0]);
                tx.set(keys.recordingCopy(info.workspace(), info.id()), Tuple.from(0L).pack());
            }
            audit.write(tx, event);
            return null;
        });
        audit.exported(event);
    }

    /** At most {@code limit} copies in progress, in key order, after {@code after} (null: from the first). */
    public List<Copy> pending(Copy after, int limit) {
        Subspace copies = keys.recordingCopies();
        byte[] begin = after == null ? copies.range().begin
                : ByteArrayUtil.keyAfter(keys.recordingCopy(after.workspaceId(), after.recordingId()));
        List<KeyValue> entries = store.read(tx -> tx.getRange(begin, copies.range().end, limit));
        List<Copy> found = new ArrayList<>(entries.size());
        for (KeyValue entry : entries) {
            Tuple key = copies.unpack(entry.key());
            found.add(new Copy(key.getString(0), key.getString(1)));
        }
        return found;
    }

    /**
     * The copy of a recording if it is in progress; empty when it is complete, stopped or gone (a
     * work-list entry whose recording is gone, by retention or a delete, or done is dropped here).
     */
    public Optional<Progress> progress(String workspaceId, String recordingId) {
        Optional<RecordingInfo> info = recordings.find(workspaceId, recordingId);
        byte[] copyKey = keys.recordingCopy(workspaceId, recordingId);
        Optional<byte[]> copied = store.read(tx -> tx.get(copyKey));
        if (copied.isEmpty()) {
            return Optional.empty();
        }
        if (info.isEmpty() || !RecordingInfo.COPYING.equals(info.get().copy())) {
            store.transact(tx -> {
                boolean copying = tx.get(recordings.descriptionKey(workspaceId, recordingId))
                        .map(value -> RecordingJson.decode(value, RecordingInfo.class))
                        .filter(described -> RecordingInfo.COPYING.equals(described.copy())).isPresent();
                if (!copying) {
                    tx.clear(copyKey);
                }
                return null;
            });
            return Optional.empty();
        }
        return Optional.of(new Progress(info.get(), Tuple.fromBytes(copied.get()).getLong(0)));
    }

    /**
     * Appends {@code piece}, the agent's bytes from {@code at.copied()} on, unless the copy is no
     * longer where {@code at} says (another copier moved it, it ended or its recording is gone):
     * then nothing is written, and the answer is whether the copy already stands where this append
     * would have left it. The description's {@code bytes} moves to the end of the
     * piece's last whole line. {@code piece} must fit one transaction with one chunk beside it.
     */
    public boolean append(Progress at, byte[] piece, long unrecordedBytes) {
        RecordingInfo info = at.info();
        byte[] copyKey = keys.recordingCopy(info.workspace(), info.id());
        byte[] descriptionKey = recordings.descriptionKey(info.workspace(), info.id(), info.startedAt().toEpochMilli());
        Subspace data = keys.recordingData(info.workspace(), info.id());
        return store.transact(tx -> {
            List<Optional<byte[]>> found = tx.getAll(List.of(copyKey, descriptionKey));
            if (found.get(0).isEmpty() || found.get(1).isEmpty()) {
                return false;
            }
            long copied = Tuple.fromBytes(found.get(0).get()).getLong(0);
            if (copied != at.copied()) {
                // This body again after its commit (or the same piece by another copier): appended already.
                return copied == at.copied() + piece.length;
            }
            RecordingInfo stored = RecordingJson.decode(found.get(1).get(), RecordingInfo.class);
            long index = at.copied() / ChunkedValue.CHUNK_BYTES;
            int fill = (int) (at.copied() % ChunkedValue.CHUNK_BYTES);
            byte[] head = fill == 0 ? new byte[0] : tx.get(data.pack(Tuple.from(index)))
                    .filter(chunk -> chunk.length == fill)
                    .orElseThrow(() -> new IllegalStateException("the copy of " + info.id() + " lost its last chunk"));
            byte[] text = new byte[fill + piece.length];
            System.arraycopy(head, 0, text, 0, fill);
            System.arraycopy(piece, 0, text, fill, piece.length);
            for (int from = 0; from < text.length; from += ChunkedValue.CHUNK_BYTES) {
                tx.set(data.pack(Tuple.from(index++)),
                        Arrays.copyOfRange(text, from, Math.min(text.length, from + ChunkedValue.CHUNK_BYTES)));
            }
            long lineEnd = stored.bytes();
            for (int i = piece.length - 1; i >= 0; i--) {
                if (piece[i] == '\n') {
                    lineEnd = at.copied() + i + 1;
                    break;
                }
            }
            tx.set(descriptionKey, RecordingJson.encode(stored.progressed(lineEnd,
                    Math.max(stored.unrecordedBytes(), unrecordedBytes), null)));
            tx.set(copyKey, Tuple.from(at.copied() + piece.length).pack());
            return true;
        });
    }

    /**
     * The copy holds every byte of the ended recording ({@code at.copied()}, which ends a line):
     * the description says so, with the agent's end and unrecorded count, and the work-list entry goes.
     */
    public void complete(Progress at, Instant endedAt, long unrecordedBytes) {
        finish(at.info(), at.copied(), stored -> stored.progressed(at.copied(),
                Math.max(stored.unrecordedBytes(), unrecordedBytes), endedAt).withCopy(RecordingInfo.COMPLETE));
    }

    /** The copy stops where it is (the agent answered something that is not this recording): what is copied stays. */
    public void stop(Progress at) {
        finish(at.info(), at.copied(), stored -> stored.withCopy(RecordingInfo.STOPPED));
    }

    private void finish(RecordingInfo info, long copied, UnaryOperator<RecordingInfo> change) {
        byte[] copyKey = keys.recordingCopy(info.workspace(), info.id());
        byte[] descriptionKey = recordings.descriptionKey(info.workspace(), info.id(), info.startedAt().toEpochMilli());
        store.transact(tx -> {
            List<Optional<byte[]>> found = tx.getAll(List.of(copyKey, descriptionKey));
            if (found.get(0).isPresent() && Tuple.fromBytes(found.get(0).get()).getLong(0) == copied) {
                found.get(1).ifPresent(value -> tx.set(descriptionKey,
                        RecordingJson.encode(change.apply(RecordingJson.decode(value, RecordingInfo.class)))));
                tx.clear(copyKey);
            }
            return null;
        });
    }
}
