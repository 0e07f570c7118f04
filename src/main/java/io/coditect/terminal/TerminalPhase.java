package io.coditect.terminal;

/**
 * The server's steps from a create request to a client's first frame, each timed as the metric
 * {@code coditect.terminals.phase-time} with this tag, so the server's part of create-to-prompt can
 * be told from the network's and the client's.
 */
public enum TerminalPhase {
    /** The host's whole create: limits, environment, the spawn and the session's first save. */
    CREATE("create"),
    /** Opening the PTY and forking the shell onto it. */
    SPAWN("spawn"),
    /** From the spawn to the shell's first output byte in the ring (the shell's start-up). */
    FIRST_OUTPUT("first-output"),
    /** From a client's attach reaching its terminal to its first frame written to its connection. */
    ATTACH("attach");

    private final String tag;

    TerminalPhase(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
