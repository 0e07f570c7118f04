package io.coditect.files;

import java.util.List;

/** What a multipart upload wrote, in the order of its parts. */
public record UploadResult(List<FileEntry> files) {
}
