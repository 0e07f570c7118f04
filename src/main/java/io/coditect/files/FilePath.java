package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside a workspace as the API names it: relative, {@code /}-separated, checked before any
 * file is touched. Empty segments and {@code .} are dropped; {@code ..}, a leading {@code /}, NUL
 * and over-long names are refused with stable codes. No segment is ever {@code ..} or contains
 * {@code /}, so joining segments can never climb out of a directory.
 */
public record FilePath(List<String> segments) {
    /** Linux's NAME_MAX, in bytes of UTF-8. */
    static final int MAX_NAME_BYTES = 255;
    /** Linux's PATH_MAX, in bytes of UTF-8. */
    static final int MAX_PATH_BYTES = 4096;
    public static final FilePath ROOT = new FilePath(List.of());

    public FilePath {
        segments = List.copyOf(segments);
    }

    public static FilePath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        if (raw.indexOf('\0') >= 0) {
            throw ApiException.badRequest("path_nul", "A path must not contain a NUL byte.");
        }
        if (raw.startsWith("/")) {
            throw ApiException.badRequest("path_absolute",
                    "Paths are relative to the workspace; \"" + shorten(raw) + "\" starts with /.");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw ApiException.badRequest("path_too_long", "A path may be at most " + MAX_PATH_BYTES + " bytes long.");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw ApiException.badRequest("path_traversal", "A path must not contain \"..\".");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw ApiException.badRequest("name_too_long",
                        "A file name may be at most " + MAX_NAME_BYTES + " bytes long.");
            }
            segments.add(segment);
        }
        return new FilePath(segments);
    }

    /** A single file name (an upload's part), with the same rules and no {@code /}. */
    public static String name(String raw) {
        FilePath path = parse(raw);
        if (path.segments.size() != 1 || raw.contains("/")) {
            throw ApiException.badRequest("invalid_name", "A file name must be one name, without /.");
        }
        return path.segments.get(0);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The last segment; the root has none. */
    public String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    public FilePath parent() {
        return segments.isEmpty() ? this : new FilePath(segments.subList(0, segments.size() - 1));
    }

    public FilePath child(String name) {
        List<String> more = new ArrayList<>(segments);
        more.add(name);
        return new FilePath(more);
    }

    /** Whether {@code other} is this path or below it. */
    public boolean contains(FilePath other) {
        return other.segments.size() >= segments.size() && other.segments.subList(0, segments.size()).equals(segments);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    private static String shorten(String raw) {
        return raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
    }
}
