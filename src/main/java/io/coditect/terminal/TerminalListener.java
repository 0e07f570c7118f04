package io.coditect.terminal;

/** What terminals report as they run: metrics and workspace activity listen. */
public interface TerminalListener {
    void started(String workspaceId);

    void ended(String workspaceId);

    void attached(String workspaceId, boolean reattach);

    void detached(String workspaceId);

    /** Bytes written to a PTY. */
    void input(String workspaceId, int bytes);

    /** Bytes sent to one client. */
    void sent(int bytes);

    /** A terminal stopped reading its PTY because a client was behind. */
    void paused();

    /** Something happened in the workspace's terminals (reported at most about once a second per terminal). */
    void active(String workspaceId);

    /** One of a terminal's start-up steps took {@code nanos}; only the metrics listen. */
    default void phase(TerminalPhase phase, long nanos) {
    }
}
