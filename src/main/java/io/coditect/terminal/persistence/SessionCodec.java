package io.coditect.terminal.persistence;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SavedSession} as stored: JSON, at most {@value #MAX_BYTES} bytes, so it is one store
 * value with room to spare. The history keeps its most recent lines within {@value #HISTORY_BYTES}
 * bytes and the environment its variables within {@value #ENV_BYTES} bytes (the largest are left
 * out first); should the JSON still be too large (escaped control characters), older history and
 * then the larger variables are dropped until it fits.
 */
final class SessionCodec {
    static final int MAX_BYTES = 90_000;
    static final int HISTORY_BYTES = 32_000;
    static final int ENV_BYTES = 32_000;

    private static final Jsonb JSON = JsonbBuilder.create();

    private SessionCodec() {
    }

    static byte[] encode(SavedSession session) {
        List<String> history = recent(session.history(), HISTORY_BYTES);
        Map<String, String> env = smallest(session.env(), ENV_BYTES);
        while (true) {
            byte[] json = JSON.toJson(with(session, env, history)).getBytes(StandardCharsets.UTF_8);
            if (json.length <= MAX_BYTES) {
                return json;
            }
            if (!history.isEmpty()) {
                history = history.subList(history.size() / 2 + 1, history.size());
            } else if (!env.isEmpty()) {
                env = smallest(env, Math.max(0, size(env) / 2));
            } else {
                throw new IllegalStateException("a saved session without environment or history is "
                        + json.length + " bytes");
            }
        }
    }

    /** The session in {@code json}, or empty when it cannot be read (it is then forgotten). */
    static Optional<SavedSession> decode(byte[] json) {
        try {
            return Optional.ofNullable(JSON.fromJson(new String(json, StandardCharsets.UTF_8), SavedSession.class));
        } catch (JsonbException e) {
            return Optional.empty();
        }
    }

    /** The most recent lines whose UTF-8 bytes (one newline each) add up to at most {@code limit}. */
    static List<String> recent(List<String> lines, int limit) {
        int total = 0;
        int first = lines.size();
        while (first > 0) {
            int bytes = lines.get(first - 1).getBytes(StandardCharsets.UTF_8).length + 1;
            if (total + bytes > limit) {
                break;
            }
            total += bytes;
            first--;
        }
        return lines.subList(first, lines.size());
    }

    /** The variables that fit in {@code limit} bytes, leaving out the largest first. */
    static Map<String, String> smallest(Map<String, String> env, int limit) {
        if (size(env) <= limit) {
            return env;
        }
        List<Map.Entry<String, String>> bySize = new ArrayList<>(env.entrySet());
        bySize.sort(Comparator.comparingInt(SessionCodec::size));
        Map<String, String> kept = new HashMap<>();
        int total = 0;
        for (Map.Entry<String, String> entry : bySize) {
            if (total + size(entry) > limit) {
                break;
            }
            total += size(entry);
            kept.put(entry.getKey(), entry.getValue());
        }
        return kept;
    }

    private static int size(Map<String, String> env) {
        return env.entrySet().stream().mapToInt(SessionCodec::size).sum();
    }

    private static int size(Map.Entry<String, String> entry) {
        return entry.getKey().getBytes(StandardCharsets.UTF_8).length
                + entry.getValue().getBytes(StandardCharsets.UTF_8).length + 2;
    }

    private static SavedSession with(SavedSession session, Map<String, String> env, List<String> history) {
        return new SavedSession(session.id(), session.workspaceId(), session.shell(), session.startCwd(), session.cwd(),
                env, history, session.cols(), session.rows(), session.startedAt(), session.lastActiveAt(),
                session.offset());
    }
}
