package io.coditect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Calls of the file API for tests, against the integration-test server or any other ({@link #at}). */
public final class FilesApi {
    private final URI base;

    private FilesApi(URI base) {
        this.base = base;
    }

    public static FilesApi direct() {
        return new FilesApi(Api.baseUri());
    }

    public static FilesApi at(URI base) {
        return new FilesApi(base);
    }

    /** The API path of a workspace path (already percent-encoded, a query allowed); "" or "?..." is the root. */
    public static String path(String workspaceId, String path) {
        String files = "/api/v1/workspaces/" + workspaceId + "/files";
        return path.isEmpty() || path.startsWith("?") ? files + path : files + "/" + path;
    }

    public HttpRequest.Builder request(String rawPath, String token) {
        return HttpRequest.newBuilder(base.resolve(rawPath)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
    }

    public Api.Reply get(String workspaceId, String path, String token, String... headers) {
        HttpRequest.Builder request = request(path(workspaceId, path), token).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Api.send(request);
    }

    public HttpResponse<byte[]> getBytes(String workspaceId, String path, String token, String... headers) {
        HttpRequest.Builder request = request(path(workspaceId, path), token).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public Api.Reply put(String workspaceId, String path, String token, byte[] body, String... headers) {
        HttpRequest.Builder request = request(path(workspaceId, path), token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Api.send(request);
    }

    /** Uploads {@code size} bytes of {@link #generated} content (never whole in memory) with a {@code PUT}. */
    public HttpResponse<String> putGenerated(String workspaceId, String path, String token, long size, long seed) {
        return send(request(path(workspaceId, path), token).PUT(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> generated(size, seed)), size)), HttpResponse.BodyHandlers.ofString());
    }

    /** A {@code GET} whose body is read as it comes. */
    public HttpResponse<InputStream> getStream(String workspaceId, String path, String token) {
        return send(request(path(workspaceId, path), token).GET(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public Api.Reply json(String method, String rawPath, String token, String json) {
        return Api.send(request(rawPath, token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    public Api.Reply mkdir(String workspaceId, String path, String token) {
        return json("POST", path(workspaceId, path), token, "{\"type\":\"directory\",\"parents\":true}");
    }

    public Api.Reply delete(String workspaceId, String path, String token) {
        return Api.send(request(path(workspaceId, path), token).DELETE());
    }

    /** A multipart/form-data upload of {@code files} (name, content pairs) into {@code directory}. */
    public Api.Reply upload(String workspaceId, String directory, String token, List<Object[]> files) {
        String boundary = "test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Object[] file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file[0] + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((byte[]) file[1]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return Api.send(request(path(workspaceId, directory), token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return Api.client().send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code size} reproducible pseudo-random bytes, generated as they are read (never whole in memory). */
    public static InputStream generated(long size, long seed) {
        return new InputStream() {
            private final Random random = new Random(seed);
            private final byte[] block = new byte[64 * 1024];
            private int position = block.length;
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                if (position == block.length) {
                    random.nextBytes(block);
                    position = 0;
                }
                int n = (int) Math.min(Math.min(length, block.length - position), left);
                System.arraycopy(block, position, buffer, offset, n);
                position += n;
                left -= n;
                return n;
            }
        };
    }

    public static String sha256(InputStream in) {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
