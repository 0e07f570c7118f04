package io.coditect.relay;

import io.coditect.platform.Immutable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code coditect.gateway.*} settings: where agents are, how long to wait for them, how far the
 * relay may run ahead of a client, how long to drain.
 */
@Immutable
public class GatewaySettings {
    private final String agentUrl;
    private final String namespace;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration drainTimeout;
    private final int relayWindowFrames;
    private final long relayWindowBytes;

    @Inject
    public GatewaySettings(
            @ConfigProperty(name = "coditect.gateway.agent-url") String agentUrl,
            @ConfigProperty(name = "coditect.kubernetes.namespace") String namespace,
            @ConfigProperty(name = "coditect.gateway.agent-connect-timeout-ms") long connectTimeoutMillis,
            @ConfigProperty(name = "coditect.gateway.agent-request-timeout-ms") long requestTimeoutMillis,
            @ConfigProperty(name = "coditect.gateway.drain-timeout-seconds") long drainTimeoutSeconds,
            @ConfigProperty(name = "coditect.gateway.relay.window-frames") int relayWindowFrames,
            @ConfigProperty(name = "coditect.gateway.relay.window-bytes") long relayWindowBytes) {
        this.agentUrl = agentUrl;
        this.namespace = namespace;
        this.connectTimeout = Duration.ofMillis(connectTimeoutMillis);
        this.requestTimeout = Duration.ofMillis(requestTimeoutMillis);
        this.drainTimeout = Duration.ofSeconds(drainTimeoutSeconds);
        this.relayWindowFrames = relayWindowFrames;
        this.relayWindowBytes = relayWindowBytes;
        AgentAddress.check(agentUrl);
        require(connectTimeoutMillis > 0, "coditect.gateway.agent-connect-timeout-ms must be positive");
        require(requestTimeoutMillis > 0, "coditect.gateway.agent-request-timeout-ms must be positive");
        require(drainTimeoutSeconds > 0, "coditect.gateway.drain-timeout-seconds must be positive");
        require(relayWindowFrames >= 1 && relayWindowFrames <= 1024, "coditect.gateway.relay.window-frames must be 1 to 1024");
        require(relayWindowBytes >= CreditWindow.PART_BYTES && relayWindowBytes <= 64L * 1024 * 1024,
                "coditect.gateway.relay.window-bytes must be 64 KiB (an agent's largest frame) to 64 MiB");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The agent of a workspace: the template with the workspace id and namespace filled in. */
    public URI agentOf(String workspaceId) {
        return AgentAddress.of(agentUrl, workspaceId, namespace);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** A fresh credit window for one relayed client. */
    CreditWindow relayWindow() {
        return new CreditWindow(relayWindowFrames, relayWindowBytes);
    }

    /** How long a stopping gateway waits for its clients to be told to re-attach elsewhere. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Checks the settings when the application starts, so a bad value stops it at once. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI created this bean, and its constructor checked the settings.
    }
}
