package io.coditect.files;

import io.coditect.platform.error.ApiException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** The file API's refusals, each with its stable code (docs/protocol.md, "Files"). */
final class FileErrors {
    /** Not an HTTP constant in JAX-RS: WebDAV's "Insufficient Storage". */
    static final int INSUFFICIENT_STORAGE = 507;

    private FileErrors() {
    }

    static ApiException notFound(FilePath path) {
        return ApiException.notFound("file_not_found", "There is no file or directory \"" + path + "\".");
    }

    static ApiException notADirectory(FilePath path) {
        return ApiException.conflict("not_a_directory", "\"" + path + "\" is not a directory.");
    }

    static ApiException isADirectory(FilePath path) {
        return ApiException.conflict("is_a_directory", "\"" + path + "\" is a directory.");
    }

    static ApiException notRegular(FilePath path) {
        return ApiException.conflict("not_a_regular_file",
                "\"" + path + "\" is neither a regular file nor a directory (a device, socket or pipe).");
    }

    static ApiException exists(FilePath path) {
        return ApiException.conflict("already_exists", "\"" + path + "\" exists already.");
    }

    static ApiException notEmpty(FilePath path) {
        return ApiException.conflict("directory_not_empty",
                "The directory \"" + path + "\" is not empty; delete it with recursive=true.");
    }

    static ApiException outside() {
        return ApiException.badRequest("path_outside_workspace",
                "The path leads out of the workspace through a symbolic link.");
    }

    static ApiException changed() {
        return ApiException.conflict("path_changed", "The path changed while it was being used; try again.");
    }

    static ApiException root() {
        return ApiException.conflict("workspace_root", "The workspace's root directory cannot be deleted, moved or replaced.");
    }

    static ApiException preconditionFailed(FilePath path) {
        return new ApiException(412, "precondition_failed",
                "\"" + path + "\" is not as the request expected (If-Match or If-None-Match); read it again.");
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "file_too_large", "The file is larger than " + limit + " bytes, the most allowed.");
    }

    static ApiException full() {
        return new ApiException(INSUFFICIENT_STORAGE, "insufficient_storage",
                "The workspace's volume is full; delete files and try again.");
    }

    /** An I/O failure as what the caller can do about it; 500 for what it cannot. */
    static RuntimeException of(IOException e, FilePath path) {
        if (isFull(e)) {
            return full();
        }
        if (e instanceof io.coditect.platform.error.RequestBodyTooLargeException) {
            return new ApiException(413, "payload_too_large", e.getMessage());
        }
        if (e instanceof NoSuchFileException) {
            return notFound(path);
        }
        if (e instanceof FileAlreadyExistsException) {
            return exists(path);
        }
        if (e instanceof DirectoryNotEmptyException) {
            return notEmpty(path);
        }
        if (e instanceof AccessDeniedException) {
            return new ApiException(403, "permission_denied", "The server may not access \"" + path + "\".");
        }
        return new java.io.UncheckedIOException(e);
    }

    /** ENOSPC or EDQUOT, as the JDK words them. */
    static boolean isFull(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }
}
