package io.coditect.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The HTTP answers with a file's bytes: the whole file or one range, streamed from the open
 * channel in 64 KiB pieces (never whole in memory), with its validators. A workspace's files are
 * the user's content on the product's own origin: they are never run as a page
 * ({@code nosniff}, a sandboxing CSP), whatever type they are guessed to be.
 */
final class FileResponses {
    private static final int BUFFER = 64 * 1024;

    private FileResponses() {
    }

    static Response file(OpenFile file, String range, String ifNoneMatch, boolean download, Runnable tick) {
        FileEntry entry = file.entry();
        long size = entry.size();
        if (ifNoneMatch != null && Precondition.of(ifNoneMatch, null).allows(entry.etag())) {
            close(file);
            return validators(Response.notModified(), entry).build();
        }
        Optional<ByteRange> part;
        try {
            part = ByteRange.parse(range, size);
        } catch (RuntimeException e) {
            close(file);
            throw e;
        }
        long first = part.map(ByteRange::first).orElse(0L);
        long length = part.map(ByteRange::length).orElse(size);
        Response.ResponseBuilder builder = part.isPresent()
                ? Response.status(206).header("Content-Range", part.get().contentRange(size))
                : Response.ok();
        builder.entity(stream(file.channel(), first, length, tick))
                .type(ContentTypes.of(entry.name()))
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes");
        if (download) {
            builder.header("Content-Disposition", attachment(entry.name()));
        }
        return validators(builder, entry).build();
    }

    static Response archive(String name, StreamingOutput zip) {
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", attachment(name + ".zip"))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    static Response.ResponseBuilder validators(Response.ResponseBuilder builder, FileEntry entry) {
        return builder.header(HttpHeaders.ETAG, entry.etag())
                .header(HttpHeaders.LAST_MODIFIED, Date.from(entry.modified()))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox");
    }

    /** RFC 6266: an ASCII fallback and the exact name in UTF-8. */
    static String attachment(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static StreamingOutput stream(SeekableByteChannel channel, long first, long length, Runnable tick) {
        return out -> {
            try (channel) {
                channel.position(first);
                copy(channel, out, length, tick);
            }
        };
    }

    private static void copy(SeekableByteChannel channel, OutputStream out, long length, Runnable tick) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long left = length;
        long sinceTick = 0;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(BUFFER, left));
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("the file became shorter while it was sent");
            }
            out.write(buffer.array(), 0, n);
            left -= n;
            sinceTick += n;
            if (sinceTick >= 16L * BUFFER) {
                tick.run();
                sinceTick = 0;
            }
        }
    }

    private static void close(OpenFile file) {
        try {
            file.channel().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
