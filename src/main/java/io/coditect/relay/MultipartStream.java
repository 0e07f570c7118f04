package io.coditect.relay;

import io.coditect.files.FilePath;
import io.coditect.platform.error.ApiException;
import jakarta.ws.rs.core.EntityPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An upload's files as one {@code multipart/form-data} body for the agent, read part by part as the
 * agent takes it: each part's content is opened only when the one before has been sent. Only parts
 * with a file name pass; names are checked as the agent will check them.
 */
final class MultipartStream extends SequenceInputStream {
    MultipartStream(String boundary, List<EntityPart> parts) {
        super(Collections.enumeration(pieces(boundary, parts)));
    }

    private static List<InputStream> pieces(String boundary, List<EntityPart> parts) {
        List<InputStream> pieces = new ArrayList<>();
        for (EntityPart part : parts) {
            if (part.getFileName().isEmpty()) {
                continue;
            }
            String name = FilePath.name(part.getFileName().get());
            if (name.indexOf('"') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
                throw ApiException.badRequest("invalid_name", "A file name must not contain a quote or a line break.");
            }
            pieces.add(ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            pieces.add(new LazyContent(part));
            pieces.add(ascii("\r\n"));
        }
        pieces.add(ascii("--" + boundary + "--\r\n"));
        return pieces;
    }

    private static InputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A part's content, opened on first read. */
    private static final class LazyContent extends InputStream {
        private final EntityPart part;
        private InputStream content;

        LazyContent(EntityPart part) {
            this.part = part;
        }

        @Override
        public int read() throws IOException {
            return content().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return content().read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (content != null) {
                content.close();
            }
        }

        private InputStream content() {
            if (content == null) {
                content = part.getContent();
                if (content == null) {
                    throw new UncheckedIOException(new IOException("a part without content"));
                }
            }
            return content;
        }
    }
}
