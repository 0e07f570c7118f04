package io.coditect.audit;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.UnsignedBytes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Audit listings, newest first, in pages with a cursor: the key of the last event looked at. The
 * keys order events newest first, so events that arrive while a client pages land before its
 * first page, never between pages: no event is listed twice or skipped (except one whose server's
 * clock is behind the others' by more than the client's paging took: its key sorts as older).
 * Events of the same millisecond are listed in the order they committed (their versionstamps).
 *
 * <p>Each page is one read transaction with one range read of at most {@value #SCAN_LIMIT} events:
 * the time range bounds the keys, and user, workspace and action filter what was read (an owner's
 * listing reads the workspace's own index instead, {@link #pageOfWorkspace}). So a filter that matches rarely gives pages with fewer events than asked (even
 * none) and a cursor to go on with; it never reads more per request.
 */
@Immutable
public class AuditQuery {
    public static final int MAX_LIMIT = 500;
    static final int SCAN_LIMIT = 1000;

    private final KeyValueStore store;
    private final KeyLayout keys;

    @Inject
    public AuditQuery(KeyValueStore store, KeyLayout keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * One page of the events {@code filter} keeps, at most {@code limit}, after {@code cursor}
     * (null: from the newest).
     *
     * @throws ApiException 400 {@code invalid_cursor} for a cursor this listing did not hand out
     */
    public AuditPage page(AuditFilter filter, String cursor, int limit) {
        return page(keys.auditEvents(), filter, cursor, limit);
    }

    /**
     * Like {@link #page}, from the workspace's own index (what its owner reads), so its events are
     * found without reading anyone else's. It holds the events of the workspace while it exists.
     */
    public AuditPage pageOfWorkspace(String workspaceId, AuditFilter filter, String cursor, int limit) {
        return page(keys.workspaceAudit(workspaceId), filter, cursor, limit);
    }

    private AuditPage page(Subspace space, AuditFilter filter, String cursor, int limit) {
        byte[] begin = filter.to() == null ? space.range().begin
                : space.pack(Tuple.from(KeyLayout.newestFirst(filter.to().toEpochMilli()) + 1));
        long oldest = filter.from() == null ? Long.MAX_VALUE : KeyLayout.newestFirst(filter.from().toEpochMilli());
        byte[] end = oldest == Long.MAX_VALUE ? space.range().end : space.pack(Tuple.from(oldest + 1));
        if (cursor != null) {
            byte[] after = ByteArrayUtil.keyAfter(space.pack(decodeCursor(cursor)));
            if (UnsignedBytes.compare(after, begin) > 0) {
                begin = after;
            }
        }
        byte[] from = begin;
        List<KeyValue> scanned = UnsignedBytes.compare(from, end) >= 0 ? List.of()
                : store.read(tx -> tx.getRange(from, end, SCAN_LIMIT));
        List<AuditEvent> events = new ArrayList<>();
        int looked = 0;
        while (looked < scanned.size() && events.size() < limit) {
            AuditEvent event = AuditJson.decode(scanned.get(looked++).value());
            if (filter.keeps(event)) {
                events.add(event);
            }
        }
        // More may follow when events were left unread, or the scan stopped at its bound.
        boolean more = looked < scanned.size() || scanned.size() == SCAN_LIMIT;
        return new AuditPage(events, more ? encodeCursor(space.unpack(scanned.get(looked - 1).key())) : null);
    }

    private static String encodeCursor(Tuple position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.pack());
    }

    private static Tuple decodeCursor(String cursor) {
        try {
            Tuple position = Tuple.fromBytes(Base64.getUrlDecoder().decode(cursor));
            if (position.size() != 2 || !(position.get(0) instanceof Long)
                    || position.getVersionstamp(1) == null || !position.getVersionstamp(1).isComplete()) {
                throw new IllegalArgumentException("not an audit position");
            }
            return position;
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid_cursor", "The cursor is not one this listing handed out.");
        }
    }
}
