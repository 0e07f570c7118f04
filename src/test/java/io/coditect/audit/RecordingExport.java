package io.coditect.audit;

import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An export that keeps the events it was given, for tests that count what left as log lines. */
public final class RecordingExport extends AuditExport {
    private final List<AuditEvent> exported = new CopyOnWriteArrayList<>();

    @Override
    public void log(AuditEvent event) {
        exported.add(event);
        super.log(event);
    }

    public List<AuditEvent> exported() {
        return List.copyOf(exported);
    }

    /** An audit log over {@code store} that exports here, as replica {@code replica}, keeping events 90 days. */
    public AuditLog logOver(KeyValueStore store, KeyLayout keys, String replica) {
        return new AuditLog(store, keys, new AuditSettings(Duration.ofDays(90), replica), this);
    }
}
