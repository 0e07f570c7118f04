package io.coditect.terminal.persistence;

import io.coditect.terminal.TerminalInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a local terminal host tells the store about its terminals, and what it gets back after a
 * restart: the sessions saved by the server before it (restorable until someone attaches, which
 * starts a new shell with their state).
 */
public interface SessionPersistence {
    /** Keeps nothing: terminals end with the server. */
    SessionPersistence NONE = new SessionPersistence() {
        @Override
        public List<String> command(String workspaceId, String terminalId, String shell, List<String> history) {
            return List.of(shell);
        }

        @Override
        public void started(RunningTerminal terminal, Map<String, String> env, RestoredSession restored) {
        }

        @Override
        public void ended(String workspaceId, String terminalId) {
        }

        @Override
        public void endedWorkspace(String workspaceId) {
        }

        @Override
        public List<TerminalInfo> restorable(String workspaceId) {
            return List.of();
        }

        @Override
        public Optional<RestoredSession> claim(String workspaceId, String terminalId) {
            return Optional.empty();
        }

        @Override
        public void release(RestoredSession session) {
        }

        @Override
        public boolean discard(String workspaceId, String terminalId) {
            return false;
        }
    };

    /** The command line of a terminal's shell, after preparing what reports its state ({@link ShellHooks}). */
    List<String> command(String workspaceId, String terminalId, String shell, List<String> history);

    /**
     * A terminal started with {@code env}: save it now and whenever it changes. {@code restored} is the
     * session it continues, or null for a new one.
     */
    void started(RunningTerminal terminal, Map<String, String> env, RestoredSession restored);

    /** The terminal was deleted, exited or expired: its saved state goes. */
    void ended(String workspaceId, String terminalId);

    /** The workspace stopped or was deleted: the saved state of all its terminals goes. */
    void endedWorkspace(String workspaceId);

    /** The saved sessions of a workspace that have no shell yet. */
    List<TerminalInfo> restorable(String workspaceId);

    default Optional<TerminalInfo> restorable(String workspaceId, String terminalId) {
        return restorable(workspaceId).stream().filter(info -> info.id().equals(terminalId)).findFirst();
    }

    /** Takes a restorable session (once: a second claim finds nothing) with its saved output. */
    Optional<RestoredSession> claim(String workspaceId, String terminalId);

    /** A claimed session could not be brought back: it is restorable again. */
    void release(RestoredSession session);

    /** Forgets a restorable session (deleted before anyone attached); false when there was none. */
    boolean discard(String workspaceId, String terminalId);
}
