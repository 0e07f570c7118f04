package io.coditect.terminal;

import java.nio.charset.StandardCharsets;

/** A saved session taken from the restorable ones to be brought back: its state and its saved output. */
record RestoredSession(SavedSession session, SavedOutput.Loaded output) {
    /**
     * The line that marks where a restored session's new shell begins (attributes reset, on a line of
     * its own), appended to the output after the saved tail.
     */
    static final byte[] MARKER = "\u001b[0m\r\n[session restored]\r\n".getBytes(StandardCharsets.UTF_8);
}
