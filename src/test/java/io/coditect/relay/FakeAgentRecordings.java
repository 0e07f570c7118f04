package io.coditect.relay;

import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingIds;
import io.coditect.recording.RecordingInfo;
import io.coditect.terminal.TerminalIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The agent's side of {@link RecordingCopierTest}: its recordings as asciicast text in memory that
 * grows by whole lines, answering the copier as a well-behaved agent would, or as a hostile one
 * ({@link Hostility}) or one that cannot be reached; it notes every piece it was asked for.
 */
final class FakeAgentRecordings implements RecordingCopier.Agent {
    final Map<String, Held> recordings = new HashMap<>();
    final List<Read> reads = new ArrayList<>();
    boolean unreachable;

    /** A piece the copier asked for. */
    record Read(String recording, long from, int length) {
    }

    /** How a hostile agent changes its answers about one recording: its description, its pieces. */
    record Hostility(UnaryOperator<RecordingInfo> info, UnaryOperator<byte[]> piece) {
        static final Hostility NONE = new Hostility(UnaryOperator.identity(), UnaryOperator.identity());

        static Hostility info(UnaryOperator<RecordingInfo> change) {
            return new Hostility(change, UnaryOperator.identity());
        }

        static Hostility piece(UnaryOperator<byte[]> change) {
            return new Hostility(UnaryOperator.identity(), change);
        }
    }

    /** A recording as the agent holds it: asciicast text that grows by whole lines. */
    static final class Held {
        final String id;
        final String workspace;
        final String terminal = TerminalIds.generate();
        final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] text;
        Instant endedAt;
        Hostility hostile = Hostility.NONE;

        Held(String workspace) {
            this.workspace = workspace;
            this.id = RecordingIds.generate(startedAt);
            this.text = ("{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":" + startedAt.getEpochSecond() + "}\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        void lines(int count, int width) {
            StringBuilder more = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String data = ("line " + i + " é € \\u001b[1m ").repeat(width / 10 + 1).substring(0, width);
                more.append('[').append(i).append(".5,\"o\",\"").append(data).append("\"]\n");
            }
            byte[] added = more.toString().getBytes(StandardCharsets.UTF_8);
            byte[] grown = Arrays.copyOf(text, text.length + added.length);
            System.arraycopy(added, 0, grown, text.length, added.length);
            text = grown;
        }

        void end() {
            endedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }

        RecordingInfo info() {
            return new RecordingInfo(id, workspace, terminal, startedAt, endedAt, 80, 24, false, text.length, 0, null);
        }
    }

    Held begin(String workspaceId) {
        Held held = new Held(workspaceId);
        recordings.put(held.id, held);
        return held;
    }

    @Override
    public Optional<RecordingInfo> describe(String workspaceId, String recordingId) {
        reachable(workspaceId);
        Held held = recordings.get(recordingId);
        return held == null ? Optional.empty() : Optional.ofNullable(held.hostile.info().apply(held.info()));
    }

    @Override
    public byte[] read(String workspaceId, String recordingId, long from, int length) {
        reachable(workspaceId);
        reads.add(new Read(recordingId, from, length));
        Held held = recordings.get(recordingId);
        byte[] piece = Arrays.copyOfRange(held.text, (int) from, (int) Math.min(held.text.length, from + length));
        return held.hostile.piece().apply(piece);
    }

    private void reachable(String workspaceId) {
        if (unreachable) {
            throw ApiException.unavailable("agent_unavailable", "the agent of " + workspaceId + " is away");
        }
    }
}
