package io.coditect.files;

import java.nio.channels.SeekableByteChannel;

/** A regular file opened for reading, and its attributes as of the moment it was opened. */
public record OpenFile(SeekableByteChannel channel, FileEntry entry) {
}
