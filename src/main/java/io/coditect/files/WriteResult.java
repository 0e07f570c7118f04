package io.coditect.files;

/** A written file and whether the write created it (201) or replaced it (200). */
public record WriteResult(FileEntry entry, boolean created) {
}
