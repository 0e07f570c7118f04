package io.coditect.relay;

import io.coditect.platform.error.ApiException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * An agent's answer to a file call, checked before any of it reaches the client, as an untrusted
 * peer's: only the statuses a file call has, only the headers a file answer has (each checked
 * against its expected form, at most {@link #MAX_HEADER_CHARS}), a JSON body read to
 * {@link #MAX_JSON_BYTES} and parsed, a byte body streamed and never more than its declared
 * length. What a refusal means is {@link AgentRefusals}' to say.
 */
final class AgentReplies {
    static final int MAX_HEADER_CHARS = 1024;
    static final int MAX_JSON_BYTES = BoundedBody.MAX_BYTES;
    private static final int BUFFER = 64 * 1024;
    private static final Set<Integer> SUCCESS = Set.of(200, 201, 204, 206, 304);
    private static final Pattern TOKEN_LIKE = Pattern.compile("[\\x20-\\x7e]*");
    /** The headers that pass, and the form each must have. */
    private static final Map<String, Pattern> HEADERS = Map.of(
            "content-type", Pattern.compile("[\\w.+-]+/[\\w.+-]+(;\\s*[\\w-]+=[\\w.-]+)?"),
            "content-length", Pattern.compile("\\d{1,19}"),
            "content-range", Pattern.compile("bytes \\d{1,19}-\\d{1,19}/\\d{1,19}|bytes \\*/\\d{1,19}"),
            "etag", Pattern.compile("\"[0-9a-f]{1,64}\""),
            "last-modified", TOKEN_LIKE,
            "content-disposition", TOKEN_LIKE,
            "accept-ranges", Pattern.compile("bytes"),
            "cache-control", Pattern.compile("no-cache|no-store"),
            "x-content-type-options", Pattern.compile("nosniff"),
            "content-security-policy", Pattern.compile("default-src 'none'; sandbox"));

    private AgentReplies() {
    }

    /**
     * {@code reply}'s body must come through {@link AgentBody}, so that an agent that stops sending
     * mid-way fails the read instead of holding the thread.
     */
    static Response of(String workspaceId, HttpResponse<InputStream> reply, Runnable tick, Supplier<ApiException> unavailable) {
        int status = reply.statusCode();
        InputStream body = reply.body();
        try {
            if (!SUCCESS.contains(status)) {
                throw AgentRefusals.of(workspaceId, status, AgentRefusals.error(readJson(body, unavailable)), unavailable);
            }
            Response.ResponseBuilder builder = Response.status(status);
            String type = reply.headers().firstValue("content-type").orElse(null);
            for (Map.Entry<String, List<String>> header : reply.headers().map().entrySet()) {
                String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
                Pattern form = HEADERS.get(name);
                if (form == null || name.equals("content-length")) {
                    continue;
                }
                if (header.getValue().size() != 1 || !valid(form, header.getValue().get(0))) {
                    throw unavailable.get();
                }
                builder.header(name, header.getValue().get(0));
            }
            if (status == 204 || status == 304) {
                body.close();
                return builder.build();
            }
            if (type != null && type.startsWith("application/json")) {
                byte[] json = readJson(body, unavailable);
                return builder.entity(json).header("Content-Length", json.length).build();
            }
            Optional<String> length = reply.headers().firstValue("content-length");
            if (length.isPresent()) {
                if (!valid(HEADERS.get("content-length"), length.get())) {
                    throw unavailable.get();
                }
                builder.header("Content-Length", length.get());
            }
            return builder.entity(stream(body, length.map(Long::parseLong).orElse(Long.MAX_VALUE), tick))
                    .build();
        } catch (IOException e) {
            closeQuietly(body);
            throw unavailable.get();
        } catch (RuntimeException e) {
            closeQuietly(body);
            throw e;
        }
    }

    private static byte[] readJson(InputStream body, Supplier<ApiException> unavailable) throws IOException {
        try (body) {
            byte[] json = body.readNBytes(MAX_JSON_BYTES + 1);
            if (json.length > MAX_JSON_BYTES) {
                throw unavailable.get();
            }
            return json;
        }
    }

    private static boolean valid(Pattern form, String value) {
        return value.length() <= MAX_HEADER_CHARS && form.matcher(value).matches();
    }

    /** The agent's bytes to the client, as they come, and no more than the agent declared. */
    private static StreamingOutput stream(InputStream body, long length, Runnable tick) {
        return (OutputStream out) -> {
            try (body) {
                byte[] buffer = new byte[BUFFER];
                long left = length;
                long sinceTick = 0;
                int n;
                while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    out.write(buffer, 0, n);
                    left -= n;
                    sinceTick += n;
                    if (sinceTick >= 16L * BUFFER) {
                        tick.run();
                        sinceTick = 0;
                    }
                }
            }
        };
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Already failing: the reply is dropped either way.
        }
    }
}
