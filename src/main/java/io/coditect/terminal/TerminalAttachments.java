package io.coditect.terminal;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** What every attach endpoint shares: the host, the limits, and the thread pool that closes WebSockets. */
@ApplicationScoped
public class TerminalAttachments {
    private final TerminalHost host;
    private final TerminalSettings settings;
    private final ExecutorService closer;

    /** For the CDI client proxy only. */
    protected TerminalAttachments() {
        this.host = null;
        this.settings = null;
        this.closer = null;
    }

    @Inject
    public TerminalAttachments(TerminalHost host, TerminalSettings settings) {
        this.host = host;
        this.settings = settings;
        this.closer = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("coditect-ws-close-", 0).factory());
    }

    public TerminalHost host() {
        return host;
    }

    public TerminalSettings settings() {
        return settings;
    }

    public ExecutorService closer() {
        return closer;
    }

    @PreDestroy
    void stop() {
        closer.shutdown();
    }
}
