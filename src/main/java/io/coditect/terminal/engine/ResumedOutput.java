package io.coditect.terminal.engine;

import io.coditect.terminal.persistence.RestoredSession;
import java.time.Instant;

/**
 * Where a restored session's new terminal starts: its saved output in a ring that continues its
 * offsets, followed by the restored marker at {@code restoredAt}, and when the session was first
 * created.
 */
record ResumedOutput(OutputRing ring, Instant createdAt, long restoredAt) {
    static ResumedOutput of(RestoredSession restored, int ringBytes) {
        OutputRing ring = OutputRing.restore(ringBytes, restored.session().offset(), restored.outputBytes());
        long markerAt = ring.end();
        ring.append(RestoredSession.MARKER, 0, RestoredSession.MARKER.length);
        return new ResumedOutput(ring, restored.session().startedAt(), markerAt);
    }
}
