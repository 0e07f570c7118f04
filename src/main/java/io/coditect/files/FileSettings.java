package io.coditect.files;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code coditect.files.*} settings (docs/configuration.md, "Files"). */
@Immutable
public class FileSettings {
    static final String MAX_UPLOAD_BYTES = "coditect.files.max-upload-bytes";

    private final long maxWriteBytes;
    private final long maxUploadBytes;
    private final long maxArchiveBytes;
    private final int listLimit;
    private final int maxListLimit;

    @Inject
    public FileSettings(@ConfigProperty(name = "coditect.files.max-write-bytes") long maxWriteBytes,
            @ConfigProperty(name = MAX_UPLOAD_BYTES) long maxUploadBytes,
            @ConfigProperty(name = "coditect.files.max-archive-bytes") long maxArchiveBytes,
            @ConfigProperty(name = "coditect.files.list-limit") int listLimit,
            @ConfigProperty(name = "coditect.files.max-list-limit") int maxListLimit) {
        if (maxWriteBytes <= 0 || maxUploadBytes <= 0 || maxArchiveBytes <= 0 || listLimit <= 0 || maxListLimit < listLimit) {
            throw new IllegalArgumentException("coditect.files.*: limits must be positive and list-limit at most "
                    + "max-list-limit");
        }
        this.maxWriteBytes = maxWriteBytes;
        this.maxUploadBytes = maxUploadBytes;
        this.maxArchiveBytes = maxArchiveBytes;
        this.listLimit = listLimit;
        this.maxListLimit = maxListLimit;
    }

    /**
     * The largest multipart upload, for the JAX-RS filter that enforces it before the upload is
     * read: JAX-RS makes its providers itself, outside CDI, so it reads the key through here.
     */
    static long maxUploadBytes(Config config) {
        return config.getValue(MAX_UPLOAD_BYTES, Long.class);
    }

    /** The largest file one PUT may write. */
    public long maxWriteBytes() {
        return maxWriteBytes;
    }

    /** The largest multipart upload, all its files together. */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** The most bytes of files one folder download (zip) may hold, before compression. */
    public long maxArchiveBytes() {
        return maxArchiveBytes;
    }

    /** Entries per listing page when the caller does not say. */
    public int listLimit() {
        return listLimit;
    }

    /** The most entries per listing page a caller may ask for. */
    public int maxListLimit() {
        return maxListLimit;
    }
}
