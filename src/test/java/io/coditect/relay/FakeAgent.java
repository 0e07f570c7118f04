package io.coditect.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coditect.auth.ServiceCredentialIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent for the relay's unit tests: a real HTTP server on loopback that answers every request
 * as the test says, and the gateway's {@link AgentClient} pointed at it (request timeout
 * {@link #TIMEOUT}), counting the requests and the agent-unavailable refusals.
 */
final class FakeAgent implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(700);

    /** What the agent does with one request. */
    interface Behaviour {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final AgentSockets sockets = new AgentSockets();
    private final AgentClient client;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();

    FakeAgent(Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                behaviour.answer(exchange);
            } catch (IOException e) {
                // The gateway hung up: what a cap or a timeout does.
            }
        });
        server.start();
        GatewaySettings settings = new GatewaySettings(uri("").toString(), "coditect", 1000, TIMEOUT.toMillis(), 7, 8, 262144);
        client = new AgentClient(settings, new ServiceCredentialIssuer() {
            @Override
            public String issue(String workspaceId, String user) {
                return "credential";
            }
        }, new RelayMetrics() {
            @Override
            void agentUnavailable() {
                unavailable.incrementAndGet();
            }
        }, sockets);
        sockets.start();
    }

    AgentClient client() {
        return client;
    }

    /** {@code path} on this agent. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Requests that reached the agent so far. */
    int requests() {
        return requests.get();
    }

    /** Times the client counted the agent unavailable so far. */
    int unavailable() {
        return unavailable.get();
    }

    @Override
    public void close() {
        client.close();
        sockets.stop();
        server.stop(0);
    }
}
