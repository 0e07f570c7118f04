package io.coditect.terminal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a workspace's terminals run. The local host runs them on this machine with pty4j; a
 * remote host forwards each call to the workspace's agent, whose own local host does the work.
 * Offsets, replay and flow control are the same on both sides: a remote attachment is one more
 * client of the agent's terminal, and the gateway stops taking frames from the agent while its own
 * client has one unsent.
 *
 * <p>Callers have already checked that the workspace belongs to the caller and runs; a host only
 * knows workspace ids. Refusals are {@link io.coditect.platform.error.ApiException}s.
 */
public interface TerminalHost {
    /** Starts a terminal; refuses a bad working directory (400) or one terminal too many (409). */
    TerminalInfo create(String workspaceId, TerminalSpec spec);

    List<TerminalInfo> list(String workspaceId);

    Optional<TerminalInfo> find(String workspaceId, String terminalId);

    /**
     * Whether the terminal exists, for admitting an attach; a host may answer from what it knows
     * without asking where the terminal runs (the attach itself then finds out).
     */
    default boolean exists(String workspaceId, String terminalId) {
        return find(workspaceId, terminalId).isPresent();
    }

    /** Ends the terminal's process group and forgets it; false when there was no such terminal. */
    boolean delete(String workspaceId, String terminalId);

    /** Ends every terminal of a workspace (the workspace stops or goes away). */
    void deleteAll(String workspaceId);

    /**
     * Attaches a client. Output is sent from {@code offset} (or from the oldest byte held) after an
     * {@code attached} event; refused with 404 when the terminal is gone.
     */
    Attachment attach(String workspaceId, String terminalId, OptionalLong offset, ClientChannel channel);
}
