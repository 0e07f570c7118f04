package io.coditect.terminal.attach;

import io.coditect.terminal.TerminalHost;
import io.coditect.terminal.TerminalSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What every attach connection shares: the host, the settings, the connection limits, the threads
 * and buffers that send frames, and the thread pool for WebSocket pings and closes (which may block).
 */
@ApplicationScoped
public class AttachContext {
    private final TerminalHost host;
    private final TerminalSettings settings;
    private final AttachLimits limits;
    private final FrameSender sender;
    private final FrameBuffers buffers;
    private final ExecutorService blockingWork;

    /** For the CDI client proxy only. */
    protected AttachContext() {
        this.host = null;
        this.settings = null;
        this.limits = null;
        this.sender = null;
        this.buffers = null;
        this.blockingWork = null;
    }

    @Inject
    public AttachContext(TerminalHost host, TerminalSettings settings, AttachLimits limits) {
        this.host = host;
        this.settings = settings;
        this.limits = limits;
        this.sender = new FrameSender();
        this.buffers = new FrameBuffers();
        this.blockingWork = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("coditect-ws-blocking-", 0).factory());
    }

    public TerminalHost host() {
        return host;
    }

    public TerminalSettings settings() {
        return settings;
    }

    public AttachLimits limits() {
        return limits;
    }

    public FrameSender sender() {
        return sender;
    }

    public FrameBuffers buffers() {
        return buffers;
    }

    public ExecutorService blockingWork() {
        return blockingWork;
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
        blockingWork.shutdown();
    }
}
