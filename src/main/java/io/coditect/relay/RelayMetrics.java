package io.coditect.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * What the gateway's relay to the agents holds and meets: output bytes taken from agents and not
 * yet handed to a client's connection (bounded by one frame per attached client, however slow the
 * client), agents found unreachable, clients sent to re-attach elsewhere by a drain, and clients cut
 * off for being too slow.
 */
@ApplicationScoped
public class RelayMetrics {
    static final String BUFFERED = "coditect.gateway.relay.buffered-bytes";
    static final String AGENT_UNAVAILABLE = "coditect.gateway.agent-unavailable";
    static final String REATTACH_REQUESTS = "coditect.gateway.reattach-requests";
    static final String SLOW_CLIENTS = "coditect.gateway.slow-clients";

    private final AtomicLong buffered = new AtomicLong();
    private final Counter agentUnavailable;
    private final Counter reattachRequests;
    private final Counter slowClients;

    /** For the CDI client proxy only. */
    protected RelayMetrics() {
        this.agentUnavailable = null;
        this.reattachRequests = null;
        this.slowClients = null;
    }

    @Inject
    public RelayMetrics(MetricRegistry registry) {
        registry.gauge(Metadata.builder().withName(BUFFERED)
                .withDescription("Output bytes taken from agents and not yet handed to a client's connection").build(),
                buffered::get);
        this.agentUnavailable = registry.counter(Metadata.builder().withName(AGENT_UNAVAILABLE)
                .withDescription("Requests and attaches refused because the workspace's agent could not be reached").build());
        this.reattachRequests = registry.counter(Metadata.builder().withName(REATTACH_REQUESTS)
                .withDescription("Clients told to re-attach elsewhere because this gateway was draining").build());
        this.slowClients = registry.counter(Metadata.builder().withName(SLOW_CLIENTS)
                .withDescription("Clients disconnected (4001) for leaving a relayed frame unsent past the slow-client timeout").build());
    }

    void buffered(long delta) {
        buffered.addAndGet(delta);
    }

    void agentUnavailable() {
        agentUnavailable.inc();
    }

    void reattachRequested() {
        reattachRequests.inc();
    }

    void slowClient() {
        slowClients.inc();
    }
}
