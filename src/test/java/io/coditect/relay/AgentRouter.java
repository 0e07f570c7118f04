package io.coditect.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway takes for its agents' address in the hostile-agent IT: a TCP server on loopback
 * that reads each connection's request head and either forwards the connection to the real agent
 * (every workspace but one) or hands it to the misbehaving agent the test plays for the hostile
 * workspace. A forwarded request that is not a WebSocket upgrade asks the agent to close the
 * connection after its answer ({@code Connection: close}), so that the gateway's client never
 * sends a later request, perhaps for the other workspace, over a connection routed the other way.
 */
final class AgentRouter implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    /** The test's misbehaving agent: gets the connection with its request head already read. */
    interface Hostile {
        void serve(Socket connection, String head) throws IOException;
    }

    private final ServerSocket server;
    private final int agentPort;
    private volatile String hostileWorkspace;
    private final ExecutorService threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    private volatile Hostile hostile;
    private final AtomicInteger hostileConnections = new AtomicInteger();

    AgentRouter(int agentPort, Hostile initial) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.agentPort = agentPort;
        this.hostile = initial;
        threads.execute(this::accept);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections handed to the test's agent so far: proof that a misbehaviour was met, not the real agent. */
    int hostileConnections() {
        return hostileConnections.get();
    }

    /** The workspace whose agent the test plays (until then, every connection goes to the real agent). */
    void hostileWorkspace(String workspaceId) {
        this.hostileWorkspace = workspaceId;
    }

    void hostile(Hostile behaviour) {
        this.hostile = behaviour;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                threads.execute(() -> route(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void route(Socket connection) {
        try (connection) {
            String head = readHead(connection.getInputStream());
            if (head == null) {
                return;
            }
            String target = head.substring(0, Math.max(0, head.indexOf("\r\n")));
            String workspace = hostileWorkspace;
            if (workspace != null && target.contains("/workspaces/" + workspace + "/")) {
                hostileConnections.incrementAndGet();
                hostile.serve(connection, head);
            } else {
                forward(connection, head);
            }
        } catch (IOException e) {
            // A connection the gateway or the agent gave up on: nothing to route any more.
        }
    }

    private void forward(Socket connection, String head) throws IOException {
        try (Socket agent = new Socket(InetAddress.getLoopbackAddress(), agentPort)) {
            agent.setTcpNoDelay(true);
            connection.setTcpNoDelay(true);
            agent.getOutputStream().write(closeAfterAnswer(toAgent(head)).getBytes(StandardCharsets.ISO_8859_1));
            agent.getOutputStream().flush();
            var back = threads.submit(() -> pipe(agent.getInputStream(), connection.getOutputStream()));
            pipe(connection.getInputStream(), agent.getOutputStream());
            try {
                back.get();
            } catch (Exception e) {
                // The other direction ended first.
            }
        }
    }

    /**
     * The head with the agent's own address as its Host, as a reverse proxy passes it on: the
     * application answers only Host ports it lists (coditect.http.host-aliases), and this router's
     * port is not one of them.
     */
    private String toAgent(String head) {
        StringBuilder rewritten = new StringBuilder();
        for (String line : head.split("\r\n")) {
            rewritten.append(line.toLowerCase(Locale.ROOT).startsWith("host:") ? "Host: 127.0.0.1:" + agentPort : line).append("\r\n");
        }
        return rewritten.append("\r\n").toString();
    }

    /** The head with {@code Connection: close}, unless it asks for a WebSocket upgrade. */
    static String closeAfterAnswer(String head) {
        if (head.toLowerCase(Locale.ROOT).contains("\r\nupgrade: websocket")) {
            return head;
        }
        StringBuilder rewritten = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                rewritten.append(line).append("\r\n");
            }
        }
        return rewritten.append("Connection: close\r\n\r\n").toString();
    }

    private static Void pipe(InputStream from, OutputStream to) {
        byte[] buffer = new byte[16384];
        try {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                to.write(buffer, 0, read);
                to.flush();
            }
        } catch (IOException e) {
            // One side closed.
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
        return null;
    }

    /** The request head up to and including its blank line (ISO-8859-1), or null at end of stream. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("request head longer than " + MAX_HEAD_BYTES + " bytes");
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
