package io.coditect.testing;

import io.coditect.terminal.TerminalListener;

/** A listener for tests and benchmarks that do not look at metrics or activity. */
public final class SilentTerminalListener implements TerminalListener {
    @Override
    public void started(String workspaceId) {
    }

    @Override
    public void ended(String workspaceId) {
    }

    @Override
    public void attached(String workspaceId, boolean reattach) {
    }

    @Override
    public void detached(String workspaceId) {
    }

    @Override
    public void input(String workspaceId, int bytes) {
    }

    @Override
    public void sent(int bytes) {
    }

    @Override
    public void paused() {
    }

    @Override
    public void active(String workspaceId) {
    }
}
