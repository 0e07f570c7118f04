package io.coditect.terminal.persistence;

import java.nio.charset.StandardCharsets;

/** A saved session taken from the restorable ones to be brought back: its state and its saved output. */
public record RestoredSession(SavedSession session, SavedOutput.Loaded output) {
    /**
     * The line that marks where a restored session's new shell begins (attributes reset, on a line of
     * its own), appended to the output after the saved tail.
     */
    public static final byte[] MARKER = "\u001b[0m\r\n[session restored]\r\n".getBytes(StandardCharsets.UTF_8);

    /** The saved output, which ends at the session's offset. */
    public byte[] outputBytes() {
        return output.bytes();
    }
}
