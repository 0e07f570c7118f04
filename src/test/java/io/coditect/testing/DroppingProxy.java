package io.coditect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on loopback between a browser and the server under test, which can cut every
 * connection through it at once (with a reset, as a dropped network does) and refuse new ones for
 * a while: a real connection drop, without touching the server or the page. It records the first
 * request line of each connection, so a test sees the offset a client re-attached from.
 */
public final class DroppingProxy implements AutoCloseable {
    private static final int MAX_REQUEST_LINE = 8192;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> requestTargets = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    /**
     * How far above the server's HTTP port the proxy listens. The browser keeps that port in the Host
     * header, and Liberty's application answers only Host ports it lists: the test servers' server.xml
     * lists this one in {@code coditect.http.host-aliases}.
     */
    public static final int PORT_OFFSET = 5;

    /** A proxy to the server on {@code targetPort}, listening {@link #PORT_OFFSET} above it. */
    public DroppingProxy(int targetPort) {
        try {
            listener = new ServerSocket();
            // Each test opens its proxy on the same port as the one before it, just closed.
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort + PORT_OFFSET), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        Thread.ofPlatform().daemon().name("dropping-proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections forwarded so far (refused ones do not count). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /**
     * The request target (path and query, any {@code ticket} value blanked) of the first request on
     * each connection forwarded so far, in order: a WebSocket has a connection of its own, so its
     * attach request, with the {@code offset} it resumes from, is among them.
     */
    public List<String> requestTargets() {
        return List.copyOf(requestTargets);
    }

    /** Resets every open connection. */
    public void cutAll() {
        for (Socket socket : open) {
            reset(socket);
        }
    }

    /** While refusing, every new connection is reset as soon as it is accepted. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                accepted.incrementAndGet();
                AtomicInteger ended = new AtomicInteger();
                Thread.ofVirtual().start(() -> pump(client, server, ended, true));
                Thread.ofVirtual().start(() -> pump(server, client, ended, false));
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    /** Copies one direction; at its end passes the end on, and closes both once both directions ended. */
    private void pump(Socket from, Socket to, AtomicInteger ended, boolean fromClient) {
        byte[] buffer = new byte[16384];
        StringBuilder requestLine = fromClient ? new StringBuilder() : null;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (requestLine != null) {
                    requestLine.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                    int end = requestLine.indexOf("\r\n");
                    if (end >= 0 || requestLine.length() > MAX_REQUEST_LINE) {
                        record(requestLine.substring(0, end >= 0 ? end : MAX_REQUEST_LINE));
                        requestLine = null;
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2) {
                close(from);
                close(to);
            }
        } catch (IOException e) {
            // Cut, or reset by a peer: the other direction fails with it.
            reset(from);
            reset(to);
        }
    }

    private void record(String line) {
        String[] parts = line.split(" ");
        if (parts.length == 3) {
            requestTargets.add(parts[1].replaceAll("ticket=[^&]*", "ticket=..."));
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to close.
        }
    }

    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed.
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to close.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        cutAll();
    }
}
