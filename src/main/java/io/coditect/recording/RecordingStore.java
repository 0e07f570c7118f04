package io.coditect.recording;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.audit.RequestOrigin;
import io.coditect.platform.Immutable;
import io.coditect.store.ChunkedValue;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.Transaction;
import io.coditect.terminal.RecordingRequest;
import io.coditect.workspace.Workspace;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recordings in the store ({@link KeyLayout}): a description per recording, its asciicast text in
 * chunks of at most {@link ChunkedValue#CHUNK_BYTES} bytes appended as the session runs, an expiry
 * index entry, the recording each terminal was started with, and each workspace's recording
 * policy. Every write is a blind set, so a transaction body that runs again (the store's retry
 * contract) leaves the same keys. The API's {@link Recordings} where the recordings are this
 * server's own (standalone, and an agent's API for its gateway).
 */
@Immutable
@Typed(RecordingStore.class)
public class RecordingStore implements Recordings {
    /** Chunks read per transaction when a recording is downloaded: about 400 kB at a time, never the whole. */
    static final int CHUNKS_PER_READ = 40;

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final AuditLog audit;
    private final Clock clock;

    @Inject
    public RecordingStore(KeyValueStore store, KeyLayout keys, AuditLog audit) {
        this(store, keys, audit, Clock.systemUTC());
    }

    RecordingStore(KeyValueStore store, KeyLayout keys, AuditLog audit, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** The workspace's own policy; off when none was set. */
    public RecordingPolicy policy(String workspaceId) {
        return store.read(tx -> policy(tx, workspaceId));
    }

    /** Sets the workspace's policy, with its audit event in the same transaction. */
    public void setPolicy(String workspaceId, RecordingPolicy policy, AuditEvent event) {
        store.transact(tx -> {
            tx.set(keys.recordingPolicy(workspaceId), RecordingJson.encode(policy));
            audit.write(tx, event);
            return null;
        });
        audit.exported(event);
    }

    /**
     * Starts a recording of a terminal if its policy says so ({@link RecordingStart}): its
     * description, its first chunk (the asciicast header), its expiry entry, the terminal's note of
     * it and, when {@code start.audited()}, the audit event {@code recording.start}, in one
     * transaction. Empty when the terminal is not recorded.
     */
    Optional<RecordingInfo> start(String workspaceId, String terminalId, int cols, int rows, RecordingStart start) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RecordingRequest requested = start.requested();
        // A gateway's id carries the gateway's start time: the recording's keys and header use it.
        String id = requested != null && requested.id() != null ? requested.id() : RecordingIds.generate(now);
        Instant startedAt = Instant.ofEpochMilli(RecordingIds.startedMillis(id).orElseThrow());
        AuditEvent event = audit.event(AuditAction.RECORDING_START, AuditEvent.SYSTEM, RequestOrigin.SERVER)
                .withWorkspace(workspaceId).withTerminal(terminalId).withDetail("recording", id);
        byte[] header = Asciicast.header(cols, rows, startedAt);
        byte[] terminalKey = keys.recordingTerminal(workspaceId, terminalId);
        Optional<RecordingInfo> started = store.transact(tx -> {
            RecordingPolicy policy = start.deployment().or(requested != null
                    ? new RecordingPolicy(requested.enabled(), requested.input())
                    : start.restored() ? startedWith(tx, terminalKey) : policy(tx, workspaceId));
            if (!policy.enabled()) {
                return Optional.empty();
            }
            RecordingInfo info = new RecordingInfo(id, workspaceId, terminalId, startedAt, null, cols, rows,
                    policy.input(), header.length, 0, null);
            tx.set(descriptionKey(workspaceId, id, startedAt.toEpochMilli()), RecordingJson.encode(info));
            tx.set(keys.recordingData(workspaceId, id).pack(Tuple.from(0)), header);
            tx.set(keys.recordingExpiries().pack(Tuple.from(startedAt.toEpochMilli(), workspaceId, id)), new byte[0]);
            tx.set(terminalKey, RecordingJson.encode(new TerminalRecording(id, policy.input())));
            if (start.audited()) {
                audit.write(tx, event.withDetail("input", policy.input()));
            }
            return Optional.of(info);
        });
        if (start.audited()) {
            started.ifPresent(info -> audit.exported(event.withDetail("input", info.input())));
        }
        return started;
    }

    private RecordingPolicy policy(ReadTransaction tx, String workspaceId) {
        return tx.get(keys.recordingPolicy(workspaceId))
                .map(value -> RecordingJson.decode(value, RecordingPolicy.class)).orElse(RecordingPolicy.OFF);
    }

    /** The policy a terminal was recorded with; off when it was not recorded. */
    private static RecordingPolicy startedWith(ReadTransaction tx, byte[] terminalKey) {
        return tx.get(terminalKey).map(value -> RecordingJson.decode(value, TerminalRecording.class))
                .map(recording -> new RecordingPolicy(true, recording.input())).orElse(RecordingPolicy.OFF);
    }

    /**
     * Writes chunks from {@code firstIndex} on and the description as {@code info} now says, unless
     * the recording is gone (its retention cleared it while it ran): then false, and nothing is written.
     */
    boolean append(RecordingInfo info, long firstIndex, List<byte[]> chunks) {
        byte[] description = descriptionKey(info.workspace(), info.id(), info.startedAt().toEpochMilli());
        Subspace data = keys.recordingData(info.workspace(), info.id());
        return store.transact(tx -> {
            if (tx.get(description).isEmpty()) {
                return false;
            }
            for (int i = 0; i < chunks.size(); i++) {
                tx.set(data.pack(Tuple.from(firstIndex + i)), chunks.get(i));
            }
            tx.set(description, RecordingJson.encode(info));
            return true;
        });
    }

    @Override
    public List<RecordingInfo> list(Workspace workspace, int limit) {
        return list(workspace.id(), limit);
    }

    @Override
    public Optional<RecordingInfo> find(Workspace workspace, String recordingId) {
        return find(workspace.id(), recordingId);
    }

    @Override
    public Download download(Workspace workspace, RecordingInfo info) {
        return new Download(info.bytes(), out -> copy(info, out));
    }

    /** The newest {@code limit} recordings of a workspace, newest first. */
    public List<RecordingInfo> list(String workspaceId, int limit) {
        return store.read(tx -> tx.getRange(keys.recordingDescriptions(workspaceId).range(), limit)).stream()
                .map(pair -> RecordingJson.decode(pair.value(), RecordingInfo.class)).toList();
    }

    public Optional<RecordingInfo> find(String workspaceId, String recordingId) {
        OptionalLong started = RecordingIds.startedMillis(recordingId);
        if (started.isEmpty()) {
            return Optional.empty();
        }
        byte[] key = descriptionKey(workspaceId, recordingId, started.getAsLong());
        return store.read(tx -> tx.get(key)).map(value -> RecordingJson.decode(value, RecordingInfo.class));
    }

    /**
     * Writes the recording's text as {@code info} describes it ({@code info.bytes()} bytes) to
     * {@code out}, {@value #CHUNKS_PER_READ} chunks per read transaction. A recording cleared
     * meanwhile ends early.
     */
    public void copy(RecordingInfo info, OutputStream out) throws IOException {
        copy(info, 0, info.bytes(), out);
    }

    /**
     * Writes bytes {@code [from, to)} of the recording's text ({@code to} at most {@code info.bytes()})
     * to {@code out}, as {@link #copy(RecordingInfo, OutputStream)} does the whole. Every chunk but
     * the last holds {@link ChunkedValue#CHUNK_BYTES} bytes (the writer's and the gateway's copy's
     * layout), so the chunk of {@code from} is found without reading the ones before it.
     */
    public void copy(RecordingInfo info, long from, long to, OutputStream out) throws IOException {
        Subspace data = keys.recordingData(info.workspace(), info.id());
        long next = from / ChunkedValue.CHUNK_BYTES;
        int skip = (int) (from % ChunkedValue.CHUNK_BYTES);
        long left = Math.min(to, info.bytes()) - from;
        while (left > 0) {
            long first = next;
            List<KeyValue> chunks = store.read(tx -> tx.getRange(data.pack(Tuple.from(first)), data.range().end,
                    CHUNKS_PER_READ));
            if (chunks.isEmpty()) {
                return;
            }
            for (KeyValue chunk : chunks) {
                if (data.unpack(chunk.key()).getLong(0) != next || left == 0 || chunk.value().length <= skip) {
                    return;
                }
                int length = (int) Math.min(left, chunk.value().length - skip);
                out.write(chunk.value(), skip, length);
                left -= length;
                skip = 0;
                next++;
            }
        }
    }

    /** The description key of a well-formed recording id (its start is in it). */
    byte[] descriptionKey(String workspaceId, String recordingId) {
        return descriptionKey(workspaceId, recordingId, RecordingIds.startedMillis(recordingId).orElseThrow());
    }

    byte[] descriptionKey(String workspaceId, String recordingId, long startedMillis) {
        return keys.recordingDescriptions(workspaceId).pack(Tuple.from(KeyLayout.newestFirst(startedMillis), recordingId));
    }

    /**
     * For retention: clears the recording of an expiry entry (description, data, a gateway's copy
     * in progress and the entry),
     * and its terminal's note of it unless the terminal has started a newer one since.
     */
    void clear(Transaction tx, Tuple expiry, byte[] expiryKey) {
        String workspaceId = expiry.getString(1);
        String recordingId = expiry.getString(2);
        byte[] description = descriptionKey(workspaceId, recordingId, expiry.getLong(0));
        tx.get(description).map(value -> RecordingJson.decode(value, RecordingInfo.class)).ifPresent(info -> {
            byte[] terminalKey = keys.recordingTerminal(workspaceId, info.terminal());
            boolean latest = tx.get(terminalKey).map(value -> RecordingJson.decode(value, TerminalRecording.class))
                    .filter(noted -> noted.recording().equals(recordingId)).isPresent();
            if (latest) {
                tx.clear(terminalKey);
            }
        });
        tx.clear(description);
        tx.clearRange(keys.recordingData(workspaceId, recordingId).range());
        tx.clear(keys.recordingCopy(workspaceId, recordingId));
        tx.clear(expiryKey);
    }
}
