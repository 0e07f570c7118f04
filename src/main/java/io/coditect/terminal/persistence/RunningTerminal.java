package io.coditect.terminal.persistence;

/** A running terminal as its saves see it: whose it is, and its state copied at the moment of a save. */
public interface RunningTerminal {
    String id();

    String workspaceId();

    /** The terminal's state with its output from {@code outputFrom} (or the oldest byte held, if later). */
    TerminalSnapshot snapshot(long outputFrom);
}
