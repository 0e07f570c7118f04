package io.coditect.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key the product stores, in one place, encoded with FoundationDB's tuple layer.
 *
 * <pre>
 * (root, "w", workspaceId, "record")                       the workspace record (JSON)
 * (root, "w", workspaceId, "operation")                    the id of the operation that last changed the record
 * (root, "w", workspaceId, "last-active")                  when its terminals were last active (epoch ms, an
 *                                                           atomic max: {@link AtomicNumbers})
 * (root, "w", workspaceId, "t", terminalId, "state")        a terminal session's state (JSON)
 * (root, "w", workspaceId, "t", terminalId, "tail", offset) a chunk of its saved output that starts at this output offset
 * (root, "w", workspaceId, "t", terminalId, "tail-offset")  the output offset of that tail's first byte
 * (root, "w", workspaceId, "sessions", terminalId)          session registry (gateway): a terminal that runs in the
 *                                                           workspace's agent, and its last known output offset (JSON)
 * (root, "o", owner, workspaceId)                          index: the workspaces of one owner
 * (root, "ticket", sha256(ticket))                          an unused attach ticket (gateway; JSON)
 * (root, "ticket-expiry", expiresAtMillis, sha256(ticket))  index: tickets by expiry, to clear unused ones
 * (root, "audit", "e", newestFirst, versionstamp)           an audit event (JSON); newestFirst = Long.MAX_VALUE - epoch ms
 * (root, "audit", "id", newestFirst, eventId)               marks an event written (a body that runs again writes it once)
 * (root, "w", workspaceId, "audit", newestFirst, versionstamp) index: the workspace's audit events (the same JSON)
 * (root, "w", workspaceId, "recording-policy")              whether the workspace's terminals are recorded (JSON)
 * (root, "w", workspaceId, "rec-meta", newestFirst, recId)  a session recording's description (JSON), newest first
 * (root, "w", workspaceId, "rec-data", recId, chunkIndex)   a chunk of that recording's asciicast text
 * (root, "w", workspaceId, "rec-terminal", terminalId)      the recording a terminal was started with (JSON), for its restore
 * (root, "rec-expiry", startedAtMillis, workspaceId, recId) index: recordings by start, for the retention's clears
 * (root, "rec-copy", workspaceId, recId)                    gateway: a recording still being copied from the agent, and
 *                                                           how many bytes of it are copied (a tuple-encoded long)
 * (root, "health-probe")                                   never written: health checks read it
 * </pre>
 *
 * The workspace id is the first element after the root's workspace subspace, so one workspace is
 * one contiguous range and deleting it is one range clear (plus its index entry). Tuple strings end
 * with a terminator, so {@code ws-a} and {@code ws-ab} are disjoint ranges.
 */
@Immutable
public class KeyLayout {
    private final Subspace workspaces;
    private final Subspace owners;
    private final Subspace tickets;
    private final Subspace ticketExpiries;
    private final Subspace auditEvents;
    private final Subspace auditIds;
    private final Subspace recordingExpiries;
    private final Subspace recordingCopies;
    private final byte[] healthProbe;

    @Inject
    public KeyLayout(StoreSettings settings) {
        this(settings.root());
    }

    public KeyLayout(String root) {
        Subspace rootSpace = new Subspace(Tuple.from(root));
        this.workspaces = rootSpace.get("w");
        this.owners = rootSpace.get("o");
        this.tickets = rootSpace.get("ticket");
        this.ticketExpiries = rootSpace.get("ticket-expiry");
        this.auditEvents = rootSpace.get("audit").get("e");
        this.auditIds = rootSpace.get("audit").get("id");
        this.recordingExpiries = rootSpace.get("rec-expiry");
        this.recordingCopies = rootSpace.get("rec-copy");
        this.healthProbe = rootSpace.pack(Tuple.from("health-probe"));
    }

    /** All workspaces: the range whose records list every workspace. */
    public Subspace workspaces() {
        return workspaces;
    }

    /** Everything that belongs to one workspace. */
    public Subspace workspace(String workspaceId) {
        return workspaces.get(workspaceId);
    }

    public byte[] workspaceRecord(String workspaceId) {
        return workspace(workspaceId).pack(Tuple.from("record"));
    }

    /**
     * The id of the operation that last changed the workspace record, written in the same
     * transaction: a transaction body that runs again after its commit (an ambiguous commit) finds
     * its own id and knows its change is in.
     */
    public byte[] workspaceOperation(String workspaceId) {
        return workspace(workspaceId).pack(Tuple.from("operation"));
    }

    /**
     * When the workspace's terminals were last active, as any server saw it: for the idle-stop rule.
     * Written with {@link Transaction#max}, so servers recording activity at once never conflict.
     */
    public byte[] workspaceActivity(String workspaceId) {
        return workspace(workspaceId).pack(Tuple.from("last-active"));
    }

    /** The index entries of every owner: keys {@code (owner, workspaceId)}, so one range read lists every workspace. */
    public Subspace ownerIndexes() {
        return owners;
    }

    /** The index entries of one owner's workspaces; each key ends with a workspace id. */
    public Subspace ownerIndex(String owner) {
        return owners.get(owner);
    }

    public byte[] ownerIndexEntry(String owner, String workspaceId) {
        return ownerIndex(owner).pack(Tuple.from(workspaceId));
    }

    /** The terminal sessions saved for one workspace. */
    public Subspace terminals(String workspaceId) {
        return workspace(workspaceId).get("t");
    }

    /** Everything saved for one terminal session: deleting it is one range clear. */
    public Subspace terminal(String workspaceId, String terminalId) {
        return terminals(workspaceId).get(terminalId);
    }

    /** The session's state record: shell, working directory, environment, history, screen size, times. */
    public byte[] terminalState(String workspaceId, String terminalId) {
        return terminal(workspaceId, terminalId).pack(Tuple.from("state"));
    }

    /**
     * The tail of the session's output, replayed when the session comes back: chunks of at most
     * {@link ChunkedValue#CHUNK_BYTES} bytes, each keyed by the output offset of its first byte
     * ({@code subspace.pack(Tuple.from(offset))}), so new output is appended as new keys and old
     * output trimmed with one range clear instead of rewriting the whole tail.
     */
    public Subspace terminalOutputTail(String workspaceId, String terminalId) {
        return terminal(workspaceId, terminalId).get("tail");
    }

    /**
     * The output offset of the tail's first byte, as a tuple-encoded long ({@code Tuple.from(offset).pack()}):
     * written in the same transaction as the tail.
     */
    public byte[] terminalOutputTailOffset(String workspaceId, String terminalId) {
        return terminal(workspaceId, terminalId).pack(Tuple.from("tail-offset"));
    }

    /**
     * The session registry of one workspace (gateway role): one key per terminal that runs in the
     * workspace's agent, so that every gateway replica can list and attach it.
     */
    public Subspace terminalSessions(String workspaceId) {
        return workspace(workspaceId).get("sessions");
    }

    public byte[] terminalSession(String workspaceId, String terminalId) {
        return terminalSessions(workspaceId).pack(Tuple.from(terminalId));
    }

    /**
     * An unused attach ticket, by the SHA-256 of the ticket (the store never holds a ticket itself).
     * Outside the workspaces: a ticket is used up by any attach that presents it, whichever
     * workspace that attach names.
     */
    public byte[] attachTicket(byte[] ticketHash) {
        return tickets.pack(Tuple.from((Object) ticketHash));
    }

    /** The expiry index of attach tickets: keys {@code (expiresAtMillis, ticketHash)} in time order. */
    public Subspace attachTicketExpiries() {
        return ticketExpiries;
    }

    public byte[] attachTicketExpiry(long expiresAtMillis, byte[] ticketHash) {
        return ticketExpiries.pack(Tuple.from(expiresAtMillis, ticketHash));
    }

    /**
     * Every audit event, newest first: keys {@code (newestFirst, versionstamp)}, where
     * {@code newestFirst} is {@code Long.MAX_VALUE} minus the event's epoch milliseconds, so key
     * order is newest first and everything older than a moment is one range to its end (retention
     * is one range clear). The versionstamp makes keys unique across replicas.
     */
    public Subspace auditEvents() {
        return auditEvents;
    }

    /**
     * Markers {@code (newestFirst, eventId)} of the audit events written: a transaction body that
     * runs again after its commit finds its event's marker and writes nothing twice. Ordered like
     * the events, so retention clears them the same way.
     */
    public Subspace auditIds() {
        return auditIds;
    }

    /** One workspace's audit events, keyed like {@link #auditEvents()}: what its owner reads. */
    public Subspace workspaceAudit(String workspaceId) {
        return workspace(workspaceId).get("audit");
    }

    /** Whether the workspace's terminals are recorded, when its owner or an admin chose so. */
    public byte[] recordingPolicy(String workspaceId) {
        return workspace(workspaceId).pack(Tuple.from("recording-policy"));
    }

    /**
     * The descriptions of a workspace's session recordings, keys {@code (newestFirst(startedAt), recordingId)}:
     * listing them never reads their data, which lives apart under {@link #recordingData}.
     */
    public Subspace recordingDescriptions(String workspaceId) {
        return workspace(workspaceId).get("rec-meta");
    }

    /**
     * One recording's asciicast text in chunks of at most {@link ChunkedValue#CHUNK_BYTES} bytes, keyed
     * by chunk index: appended chunk by chunk as the session runs, removed with one range clear.
     */
    public Subspace recordingData(String workspaceId, String recordingId) {
        return workspace(workspaceId).get("rec-data").get(recordingId);
    }

    /**
     * Which recording a terminal was started with (and whether with input): a restored terminal is
     * recorded as it was, whatever the workspace's policy says by then.
     */
    public byte[] recordingTerminal(String workspaceId, String terminalId) {
        return workspace(workspaceId).get("rec-terminal").pack(Tuple.from(terminalId));
    }

    /** Recordings by start time, keys {@code (startedAtMillis, workspaceId, recordingId)}: the expired ones are one range. */
    public Subspace recordingExpiries() {
        return recordingExpiries;
    }

    /**
     * The gateway's recordings still being copied from their agents, keys {@code (workspaceId, recordingId)}:
     * the copier's work list, read from its start each round (only unfinished copies are in it). Outside
     * the workspace's range, so one range read finds every workspace's; a workspace's delete clears its part.
     */
    public Subspace recordingCopies() {
        return recordingCopies;
    }

    /** The copies still running in one workspace. */
    public Subspace recordingCopies(String workspaceId) {
        return recordingCopies.get(workspaceId);
    }

    /** One recording's copy: how many bytes of the agent's text are in the gateway's store. */
    public byte[] recordingCopy(String workspaceId, String recordingId) {
        return recordingCopies(workspaceId).pack(Tuple.from(recordingId));
    }

    /** The key element that orders audit keys newest first. */
    public static long newestFirst(long epochMillis) {
        return Long.MAX_VALUE - epochMillis;
    }

    /** A key under the root that is never written: reading it shows whether the store answers. */
    public byte[] healthProbe() {
        return healthProbe.clone();
    }

    /** The id of every stored workspace, in key order. */
    public List<String> workspaceIds(ReadTransaction transaction) {
        return childIds(transaction, workspaces);
    }

    /** The id of every terminal session saved for a workspace, in key order. */
    public List<String> terminalIds(ReadTransaction transaction, String workspaceId) {
        return childIds(transaction, terminals(workspaceId));
    }

    /**
     * The first tuple element of the keys under {@code parent}, each once. It reads one key per
     * child and then skips past that child's whole range, so saved output is never read to list ids.
     */
    private static List<String> childIds(ReadTransaction transaction, Subspace parent) {
        List<String> ids = new ArrayList<>();
        byte[] begin = parent.range().begin;
        byte[] end = parent.range().end;
        List<KeyValue> next = transaction.getRange(begin, end, 1);
        while (!next.isEmpty()) {
            String id = parent.unpack(next.get(0).key()).getString(0);
            ids.add(id);
            next = transaction.getRange(parent.get(id).range().end, end, 1);
        }
        return ids;
    }
}
