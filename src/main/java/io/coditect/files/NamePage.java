package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One page of a directory's names in name order: the smallest {@code limit} names after the
 * cursor, collected while the directory is read once, so memory stays bounded by the page however
 * big the directory. The cursor is the page's last name, opaque to clients.
 */
final class NamePage {
    private final String after;
    private final int limit;
    private final TreeSet<String> names = new TreeSet<>();
    private int total;
    private boolean more;

    /** The page after {@code cursor} (null or empty: from the start); 400 for a cursor no page gave. */
    NamePage(String cursor, int limit) {
        this.after = cursor == null || cursor.isEmpty() ? null : decode(cursor);
        this.limit = limit;
    }

    /** One name of the directory, in any order. */
    void offer(String name) {
        total++;
        if (after != null && name.compareTo(after) <= 0) {
            return;
        }
        names.add(name);
        if (names.size() > limit) {
            names.pollLast();
            more = true;
        }
    }

    SortedSet<String> names() {
        return names;
    }

    /** How many names the directory has, on this page or not. */
    int total() {
        return total;
    }

    /** The cursor of the next page, or null when this is the last. */
    String nextCursor() {
        return more && !names.isEmpty() ? encode(names.last()) : null;
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor", "The cursor is not one a listing gave.");
        }
    }
}
