package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import io.coditect.store.ReadTransaction;
import io.coditect.store.StoreHealth;
import io.coditect.store.StoreUnavailableException;
import io.coditect.store.Transaction;
import io.coditect.terminal.TerminalTap;
import io.coditect.testing.MovableClock;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceRepository;
import io.coditect.workspace.WorkspaceStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What protocol.md says of a recording's place among others: the listing holds the newest
 * {@value RecordingResource#LIST_LIMIT}, newest first; a recording goes with its workspace; a store
 * that cannot answer refuses the terminal rather than run it unrecorded.
 */
class RecordingLifetimeTest extends RecorderFixture {
    private static final RecordingPolicy ON = new RecordingPolicy(true, false);
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    final MovableClock clock = new MovableClock(T0);

    private RecordingStore recordings(KeyValueStore over) {
        return recordings(over, clock);
    }

    private Recorder recorder(KeyValueStore over) {
        return recorder(over, ON, clock);
    }

    private List<KeyValue> data(String workspaceId, String recordingId) {
        return store.read(tx -> tx.getRange(KEYS.recordingData(workspaceId, recordingId).range()));
    }

    @Test
    void list_moreThanTheLimit_theNewestOnly_newestFirst() {
        Recorder recorder = recorder(store);
        List<String> terminalsInStartOrder = new ArrayList<>();
        int count = RecordingResource.LIST_LIMIT + 5;
        for (int i = 0; i < count; i++) {
            clock.set(T0.plusSeconds(i));
            String terminal = "t-" + i;
            recorder.open("ws-1", terminal, 80, 24, null).close();
            terminalsInStartOrder.add(terminal);
        }

        List<RecordingInfo> listed = recordings(store).list("ws-1", RecordingResource.LIST_LIMIT);

        assertThat(listed).hasSize(100).extracting(RecordingInfo::terminal)
                .containsExactlyElementsOf(terminalsInStartOrder.reversed().subList(0, RecordingResource.LIST_LIMIT));
    }

    @Test
    void workspaceDeleted_itsRecordingsGoWithIt_anotherWorkspacesStay() {
        Recorder recorder = recorder(store);
        for (String workspaceId : List.of("ws-gone", "ws-kept")) {
            TerminalTap tap = recorder.open(workspaceId, "t-1", 80, 24, null);
            tap.output(ByteBuffer.wrap("some output\r\n".getBytes(StandardCharsets.UTF_8)));
            tap.close();
        }
        RecordingStore recordings = recordings(store);
        RecordingInfo gone = recordings.list("ws-gone", 10).getFirst();
        assertThat(data("ws-gone", gone.id())).isNotEmpty();

        new WorkspaceRepository(store, KEYS).delete(new Workspace("ws-gone", "gone", "alice", WorkspaceStatus.STOPPED,
                null, null, T0, T0, T0));

        assertThat(recordings.list("ws-gone", 10)).isEmpty();
        assertThat(recordings.find("ws-gone", gone.id())).isEmpty();
        assertThat(data("ws-gone", gone.id())).isEmpty();
        assertThat(recordings.list("ws-kept", 10)).hasSize(1);
    }

    @Test
    void storeCannotAnswer_theTerminalIsRefused_notRunUnrecorded() {
        Recorder recorder = recorder(new UnavailableStore());

        assertThatThrownBy(() -> recorder.open("ws-1", "t-1", 80, 24, null))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> recorder.reopen("ws-1", "t-1", 80, 24))
                .isInstanceOf(StoreUnavailableException.class);
    }

    /** A store that is down: every transaction ends as the backends end one they cannot reach. */
    private static final class UnavailableStore implements KeyValueStore {
        @Override
        public <T> T transact(Function<Transaction, T> work) {
            throw new StoreUnavailableException("the store is down (test)");
        }

        @Override
        public <T> T read(Function<ReadTransaction, T> work) {
            throw new StoreUnavailableException("the store is down (test)");
        }

        @Override
        public StoreHealth health() {
            return StoreHealth.down(backend(), "the store is down (test)");
        }

        @Override
        public String backend() {
            return "unavailable";
        }
    }
}
