package io.coditect.recording;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps recordings for {@code coditect.recording.retention-days} after they started: every hour,
 * and at start, the expiry index is read from its beginning up to the retention's edge (only what
 * has expired, whatever the history holds) and each recording found goes with its description, its
 * data (one range clear), its index entry and its terminal's note of it. A recording cleared while it runs
 * stops ({@link ActiveRecording}).
 */
@ApplicationScoped
public class RecordingRetention {
    private static final Logger LOG = Logger.getLogger(RecordingRetention.class.getName());
    private static final long INTERVAL_MINUTES = 60;
    /** Recordings cleared per transaction: three small clears each, far under the store's limits. */
    static final int BATCH = 100;

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final RecordingStore recordings;
    private final RecordingSettings settings;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /** For the CDI client proxy only. */
    protected RecordingRetention() {
        this.store = null;
        this.keys = null;
        this.recordings = null;
        this.settings = null;
        this.clock = null;
    }

    @Inject
    public RecordingRetention(KeyValueStore store, KeyLayout keys, RecordingStore recordings, RecordingSettings settings) {
        this(store, keys, recordings, settings, Clock.systemUTC());
    }

    RecordingRetention(KeyValueStore store, KeyLayout keys, RecordingStore recordings, RecordingSettings settings,
                       Clock clock) {
        this.store = store;
        this.keys = keys;
        this.recordings = recordings;
        this.settings = settings;
        this.clock = clock;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("coditect-recording-retention").factory());
        timer.scheduleWithFixedDelay(this::runSafely, 0, INTERVAL_MINUTES, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Clears every recording that started before the retention's edge; returns how many. */
    int clearExpired() {
        Subspace expiries = keys.recordingExpiries();
        byte[] edge = expiries.pack(Tuple.from(clock.millis() - settings.retention().toMillis()));
        int cleared = 0;
        while (true) {
            int batch = store.transact(tx -> {
                List<KeyValue> expired = tx.snapshot().getRange(expiries.range().begin, edge, BATCH);
                for (KeyValue entry : expired) {
                    recordings.clear(tx, expiries.unpack(entry.key()), entry.key());
                }
                return expired.size();
            });
            cleared += batch;
            if (batch < BATCH) {
                return cleared;
            }
        }
    }

    private void runSafely() {
        try {
            int cleared = clearExpired();
            if (cleared > 0) {
                LOG.info(() -> cleared + " expired session recordings cleared");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Clearing expired session recordings failed; it runs again within the hour", e);
        }
    }
}
