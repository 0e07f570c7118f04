package io.coditect.terminal;

/** A terminal's listener that also ends its saved session when the shell has ended. */
final class SessionEndingListener implements TerminalListener {
    private final TerminalListener listener;
    private final Runnable sessionEnded;

    SessionEndingListener(TerminalListener listener, Runnable sessionEnded) {
        this.listener = listener;
        this.sessionEnded = sessionEnded;
    }

    @Override
    public void started(String workspaceId) {
        listener.started(workspaceId);
    }

    @Override
    public void ended(String workspaceId) {
        sessionEnded.run();
        listener.ended(workspaceId);
    }

    @Override
    public void attached(String workspaceId, boolean reattach) {
        listener.attached(workspaceId, reattach);
    }

    @Override
    public void detached(String workspaceId) {
        listener.detached(workspaceId);
    }

    @Override
    public void input(String workspaceId, int bytes) {
        listener.input(workspaceId, bytes);
    }

    @Override
    public void sent(int bytes) {
        listener.sent(bytes);
    }

    @Override
    public void paused() {
        listener.paused();
    }

    @Override
    public void active(String workspaceId) {
        listener.active(workspaceId);
    }

    @Override
    public void phase(TerminalPhase phase, long nanos) {
        listener.phase(phase, nanos);
    }
}
