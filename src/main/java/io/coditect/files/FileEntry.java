package io.coditect.files;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One file, directory or link as the API shows it. {@code type} is {@code file},
 * {@code directory}, {@code symlink} or {@code other}; {@code mode} the permission bits in octal;
 * {@code target} a link's text (else null); {@code etag} changes whenever the content may have
 * (a replace, a write, a touch).
 */
@JsonbPropertyOrder({"name", "path", "type", "size", "mode", "modified", "target", "etag"})
public record FileEntry(String name, String path, String type, long size, String mode, Instant modified,
        String target, String etag) {

    static FileEntry of(FilePath path, PosixFileAttributes attributes, String target) {
        return new FileEntry(path.name(), path.toString(), type(attributes), attributes.size(), mode(attributes),
                attributes.lastModifiedTime().toInstant(), target, etag(attributes));
    }

    boolean isDirectory() {
        return "directory".equals(type);
    }

    boolean isFile() {
        return "file".equals(type);
    }

    static String type(PosixFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symlink";
        }
        if (attributes.isDirectory()) {
            return "directory";
        }
        return attributes.isRegularFile() ? "file" : "other";
    }

    static String mode(PosixFileAttributes attributes) {
        int bits = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", bits);
    }

    /** A strong validator: the inode, size and modification time (to the nanosecond), hashed. */
    static String etag(PosixFileAttributes attributes) {
        String identity = attributes.fileKey() + "/" + attributes.size() + "/"
                + attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
