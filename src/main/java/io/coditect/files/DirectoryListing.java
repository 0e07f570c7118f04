package io.coditect.files;

import java.util.List;

/**
 * One page of a directory, sorted by name (as Java compares strings). {@code next} is the cursor
 * for the following page ({@code ?cursor=}), null on the last; {@code total} counts every entry.
 */
public record DirectoryListing(String path, List<FileEntry> entries, String next, int total) {
}
