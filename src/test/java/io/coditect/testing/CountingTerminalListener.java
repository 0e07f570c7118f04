package io.coditect.testing;

import io.coditect.terminal.TerminalListener;
import java.util.concurrent.atomic.AtomicInteger;

/** A terminal listener for tests that counts what it hears (the bytes of input, the rest by event). */
public final class CountingTerminalListener implements TerminalListener {
    public final AtomicInteger started = new AtomicInteger();
    public final AtomicInteger ended = new AtomicInteger();
    public final AtomicInteger attached = new AtomicInteger();
    public final AtomicInteger reattaches = new AtomicInteger();
    public final AtomicInteger detached = new AtomicInteger();
    public final AtomicInteger input = new AtomicInteger();
    public final AtomicInteger pauses = new AtomicInteger();
    public final AtomicInteger active = new AtomicInteger();

    @Override
    public void started(String workspaceId) {
        started.incrementAndGet();
    }

    @Override
    public void ended(String workspaceId) {
        ended.incrementAndGet();
    }

    @Override
    public void attached(String workspaceId, boolean reattach) {
        attached.incrementAndGet();
        if (reattach) {
            reattaches.incrementAndGet();
        }
    }

    @Override
    public void detached(String workspaceId) {
        detached.incrementAndGet();
    }

    @Override
    public void input(String workspaceId, int bytes) {
        input.addAndGet(bytes);
    }

    @Override
    public void sent(int bytes) {
    }

    @Override
    public void paused() {
        pauses.incrementAndGet();
    }

    @Override
    public void active(String workspaceId) {
        active.incrementAndGet();
    }
}
