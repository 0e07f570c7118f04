package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.util.Optional;

/**
 * One byte range of a file ({@code Range: bytes=first-last}, {@code bytes=first-} or
 * {@code bytes=-suffix}). Several ranges in one header are answered with the whole file, which
 * RFC 9110 allows; a range that starts past the end is 416.
 */
public record ByteRange(long first, long last) {
    public long length() {
        return last - first + 1;
    }

    /** {@code Content-Range} of this range in a file of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range asked for, or empty for the whole file (no header, another unit, several ranges, malformed). */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String start = spec.substring(0, dash).strip();
            String end = spec.substring(dash + 1).strip();
            if (start.isEmpty()) {
                long suffix = Long.parseLong(end);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(start);
            long last = end.isEmpty() ? size - 1 : Math.min(Long.parseLong(end), size - 1);
            if (first < 0 || (!end.isEmpty() && Long.parseLong(end) < first)) {
                return Optional.empty();
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ApiException unsatisfiable(long size) {
        return new ApiException(416, "range_not_satisfiable", "The file has " + size + " bytes; the range is outside them.");
    }
}
