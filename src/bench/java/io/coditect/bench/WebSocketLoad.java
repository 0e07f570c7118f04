package io.coditect.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately cheap WebSocket client for many connections: one thread and one selector read
 * every socket, time echoes and type the keys, so the load client costs the shared cores as little
 * as possible and adds no thread hand-off of its own to a measured echo. It speaks just enough of
 * RFC 6455 for a terminal: masked binary and text frames out, unmasked frames in, pongs for pings.
 * Output is counted (bytes and frames), and only its last bytes are kept (for prompts and end markers).
 *
 * <p>Typing is open-loop: each key has a scheduled time and is sent then (or as soon as the thread
 * gets there), whether or not earlier echoes came back, so keys may overlap and none is skipped; its
 * latency counts from the scheduled time, so a late client or a queue anywhere shows in the figure.
 * An echo is matched to its key by bytes: each key's echo has a known length (the PTY's line
 * discipline echoes it, see {@link EchoBenchmark}), so the key is answered once the output since
 * typing began reaches the sum of its and every earlier key's echo.
 */
final class WebSocketLoad implements AutoCloseable {
    static final int TAIL = 512;

    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<LoadConnection> joining = new ConcurrentLinkedQueue<>();
    private final List<LoadConnection> connections = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Typing typing;

    WebSocketLoad() throws IOException {
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().name("bench-selector").daemon().start(this::run);
    }

    /**
     * Opens a connection (the upgrade is done on the calling thread) and hands it to the selector
     * thread. {@code token} null: the URI carries a ticket instead.
     */
    LoadConnection open(URI uri, String token) throws IOException {
        return open(uri, token, Map.of());
    }

    /** As {@link #open(URI, String)}, with more request headers. */
    LoadConnection open(URI uri, String token, Map<String, String> headers) throws IOException {
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + extra + "\r\n";
        writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        int headerEnd;
        while ((headerEnd = headerEnd(in)) < 0) {
            if (channel.read(in) < 0) {
                throw new IOException("closed during the upgrade");
            }
        }
        in.flip();
        byte[] head = new byte[headerEnd];
        in.get(head);
        String status = new String(head, StandardCharsets.ISO_8859_1);
        if (!status.startsWith("HTTP/1.1 101")) {
            // The whole refusal (its headers and what arrived of its body) says why.
            byte[] body = new byte[Math.min(in.remaining(), 2048)];
            in.get(body);
            throw new IOException("upgrade of " + uri.getRawPath() + " refused: " + status.strip() + "\n"
                    + new String(body, StandardCharsets.UTF_8));
        }
        in.compact();
        long upgraded = System.nanoTime();
        channel.configureBlocking(false);
        LoadConnection connection = new LoadConnection(channel, in, upgraded);
        joining.add(connection);
        selector.wakeup();
        return connection;
    }

    static int headerEnd(ByteBuffer in) {
        for (int i = 3; i < in.position(); i++) {
            if (in.get(i - 3) == '\r' && in.get(i - 2) == '\n' && in.get(i - 1) == '\r' && in.get(i) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Types into {@code targets} until {@code stop} ({@link System#nanoTime()}): one key per target
     * every {@code intervalNanos}, the targets' keys spread evenly over the interval, each sent at its
     * time whatever is outstanding. {@code echoBytes[k]}: the length of the echo of key k
     * ({@link LoadConnection#KEYS}). Echoes of keys scheduled after {@code measureFrom} are recorded.
     */
    void type(List<LoadConnection> targets, long intervalNanos, long measureFrom, long stop, int[] echoBytes) {
        long start = System.nanoTime();
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).startTyping(start + intervalNanos * i / targets.size(), echoBytes);
        }
        typing = new Typing(List.copyOf(targets), intervalNanos, measureFrom, stop);
        selector.wakeup();
    }

    /** Whether typing has stopped (its stop time passed and the thread saw it). */
    boolean typing() {
        return typing != null;
    }

    private record Typing(List<LoadConnection> targets, long intervalNanos, long measureFrom, long stop) {
    }

    private void run() {
        try {
            while (running) {
                Typing current = typing;
                long now = System.nanoTime();
                long timeoutMillis = 100;
                if (current != null) {
                    if (now >= current.stop()) {
                        typing = null;
                    } else {
                        long next = typeDue(current, now);
                        timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
                    }
                }
                int ready = selector.select(timeoutMillis);
                long arrived = System.nanoTime();
                LoadConnection joined;
                while ((joined = joining.poll()) != null) {
                    joined.channel.register(selector, SelectionKey.OP_READ, joined);
                    connections.add(joined);
                    joined.drain(arrived);
                }
                if (ready == 0) {
                    continue;
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    LoadConnection connection = (LoadConnection) key.attachment();
                    if (!connection.readAvailable(arrived)) {
                        key.cancel();
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends every key that is due (all of them, however late); returns when the next one is. */
    private static long typeDue(Typing typing, long now) {
        long next = Long.MAX_VALUE;
        for (LoadConnection connection : typing.targets()) {
            while (connection.nextKeyAt <= now && connection.nextKeyAt < typing.stop()) {
                connection.typeKey(connection.nextKeyAt >= typing.measureFrom());
                connection.nextKeyAt += typing.intervalNanos();
            }
            next = Math.min(next, connection.nextKeyAt);
        }
        return next;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LoadConnection connection : connections) {
            connection.channel.close();
        }
        selector.close();
    }

    static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                Thread.onSpinWait();
            }
        }
    }
}
