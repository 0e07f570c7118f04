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
import java.util.function.Predicate;

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
 * discipline echoes it, see {@link TerminalBenchmark}), so the key is answered once the output since
 * typing began reaches the sum of its and every earlier key's echo.
 */
final class WebSocketLoad implements AutoCloseable {
    private static final int TAIL = 512;

    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Connection> joining = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
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
    Connection open(URI uri, String token) throws IOException {
        return open(uri, token, Map.of());
    }

    /** As {@link #open(URI, String)}, with more request headers. */
    Connection open(URI uri, String token, Map<String, String> headers) throws IOException {
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
        Connection connection = new Connection(channel, in, upgraded);
        joining.add(connection);
        selector.wakeup();
        return connection;
    }

    private static int headerEnd(ByteBuffer in) {
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
     * ({@link Connection#KEYS}). Echoes of keys scheduled after {@code measureFrom} are recorded.
     */
    void type(List<Connection> targets, long intervalNanos, long measureFrom, long stop, int[] echoBytes) {
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

    private record Typing(List<Connection> targets, long intervalNanos, long measureFrom, long stop) {
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
                Connection joined;
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
                    Connection connection = (Connection) key.attachment();
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
        for (Connection connection : typing.targets()) {
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
        for (Connection connection : connections) {
            connection.channel.close();
        }
        selector.close();
    }

    private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** One attached client. Reading happens on the selector thread; writes from any thread. */
    static final class Connection {
        /** Typed in turn: a character and its erase, so the line never grows. */
        static final byte[] KEYS = {'a', 0x7f};
        private static final int OP_BINARY = 2;
        private static final int OP_CLOSE = 8;
        private static final int OP_PING = 9;

        private final SocketChannel channel;
        private final ByteBuffer in;
        private final long upgradedAt;
        private final ByteBuffer keyFrame = ByteBuffer.allocateDirect(7);
        private final byte[] tail = new byte[TAIL];
        private int tailLength;
        private long received;
        private long frames;
        private long firstOutputAt;
        private int opcode;
        private long payloadLeft;
        private ByteBuffer control;
        private boolean closed;
        // Echo timing, on the selector thread (and read under this object's lock).
        private long nextKeyAt;
        private int nextKey;
        private int[] echoBytes;
        private long echoed;
        private long echoDue;
        private final java.util.ArrayDeque<long[]> outstanding = new java.util.ArrayDeque<>();
        private final List<Long> latencies = new ArrayList<>();
        private long measuredKeys;

        private Connection(SocketChannel channel, ByteBuffer in, long upgradedAt) {
            this.channel = channel;
            this.in = in;
            this.upgradedAt = upgradedAt;
        }

        /** When the upgrade's 101 arrived, and the first output byte after it (0: none yet). */
        long upgradedAt() {
            return upgradedAt;
        }

        synchronized long firstOutputAt() {
            return firstOutputAt;
        }

        private synchronized void startTyping(long firstKeyAt, int[] echoLengths) {
            nextKeyAt = firstKeyAt;
            echoBytes = echoLengths;
            echoed = 0;
            echoDue = 0;
            outstanding.clear();
            latencies.clear();
            measuredKeys = 0;
        }

        /** Sends one masked binary frame; from any thread. */
        void send(byte[] payload) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
            frame.put((byte) (0x80 | OP_BINARY));
            if (payload.length < 126) {
                frame.put((byte) (0x80 | payload.length));
            } else {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            }
            frame.putInt(0);
            frame.put(payload).flip();
            synchronized (this) {
                writeFully(channel, frame);
            }
        }

        private synchronized void typeKey(boolean measure) {
            int key = nextKey++ % KEYS.length;
            // A zero mask: the payload goes out as it is, and the frame needs no per-key work.
            keyFrame.clear();
            keyFrame.put((byte) (0x80 | OP_BINARY)).put((byte) (0x80 | 1)).putInt(0).put(KEYS[key]).flip();
            echoDue += echoBytes[key];
            outstanding.add(new long[] {nextKeyAt, echoDue, measure ? 1 : 0});
            if (measure) {
                measuredKeys++;
            }
            try {
                writeFully(channel, keyFrame);
            } catch (IOException e) {
                // The key stays outstanding: it is counted as never answered.
            }
        }

        synchronized long received() {
            return received;
        }

        synchronized long frames() {
            return frames;
        }

        /** Latencies (from each key's scheduled time) of the measured keys answered so far. */
        synchronized List<Long> latencies() {
            return List.copyOf(latencies);
        }

        /** Measured keys typed; those not in {@link #latencies} were never answered. */
        synchronized long measuredKeys() {
            return measuredKeys;
        }

        /** Keys still waiting for their echo. */
        synchronized int outstanding() {
            return outstanding.size();
        }

        /** Waits until the kept output matches, or fails after {@code limitNanos}. */
        synchronized void await(Predicate<String> done, long limitNanos) throws InterruptedException {
            long deadline = System.nanoTime() + limitNanos;
            while (!done.test(tail())) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || closed) {
                    throw new IllegalStateException((closed ? "closed" : "timed out") + "; output ends with: " + tail());
                }
                wait(left);
            }
        }

        /** Forgets the kept output, so that {@link #await} sees only what comes next. */
        synchronized void forget() {
            tailLength = 0;
        }

        private String tail() {
            return new String(tail, 0, tailLength, StandardCharsets.ISO_8859_1);
        }

        void close() throws IOException {
            channel.close();
        }

        private boolean readAvailable(long arrived) {
            try {
                int n = channel.read(in);
                if (n < 0) {
                    markClosed();
                    return false;
                }
                drain(arrived);
                return true;
            } catch (IOException e) {
                markClosed();
                return false;
            }
        }

        private synchronized void markClosed() {
            closed = true;
            notifyAll();
        }

        /** Parses every complete piece of frame in the buffer. */
        private synchronized void drain(long arrived) throws IOException {
            in.flip();
            boolean output = false;
            while (in.hasRemaining()) {
                if (payloadLeft > 0) {
                    int take = (int) Math.min(payloadLeft, in.remaining());
                    if (opcode == OP_BINARY) {
                        keep(take);
                        received += take;
                        echoed += take;
                        output = true;
                    } else if (control != null) {
                        ByteBuffer part = in.slice(in.position(), take);
                        control.put(part);
                        in.position(in.position() + take);
                    } else {
                        in.position(in.position() + take);
                    }
                    payloadLeft -= take;
                    if (payloadLeft == 0) {
                        finishFrame();
                    }
                    continue;
                }
                if (!header()) {
                    break;
                }
            }
            in.compact();
            if (output) {
                if (firstOutputAt == 0) {
                    firstOutputAt = arrived;
                }
                while (!outstanding.isEmpty() && outstanding.peek()[1] <= echoed) {
                    long[] key = outstanding.poll();
                    if (key[2] == 1) {
                        latencies.add(arrived - key[0]);
                    }
                }
                notifyAll();
            }
        }

        private boolean header() throws IOException {
            int start = in.position();
            if (in.remaining() < 2) {
                return false;
            }
            int first = in.get() & 0xff;
            int second = in.get() & 0xff;
            long length = second & 0x7f;
            if (length == 126) {
                if (in.remaining() < 2) {
                    in.position(start);
                    return false;
                }
                length = in.getShort() & 0xffff;
            } else if (length == 127) {
                if (in.remaining() < 8) {
                    in.position(start);
                    return false;
                }
                length = in.getLong();
            }
            int op = first & 0x0f;
            if (op != 0) {
                opcode = op;
            }
            if (op == OP_BINARY) {
                frames++;
            }
            payloadLeft = length;
            control = op == OP_PING || op == OP_CLOSE ? ByteBuffer.allocate((int) length) : null;
            if (length == 0) {
                finishFrame();
            }
            return true;
        }

        private void finishFrame() throws IOException {
            if (control == null) {
                return;
            }
            control.flip();
            if (opcode == OP_PING) {
                ByteBuffer pong = ByteBuffer.allocate(6 + control.remaining());
                pong.put((byte) 0x8A).put((byte) (0x80 | control.remaining())).putInt(0).put(control).flip();
                writeFully(channel, pong);
            } else if (opcode == OP_CLOSE) {
                closed = true;
            }
            control = null;
        }

        /** Keeps the last {@link #TAIL} output bytes; the rest is only counted. */
        private void keep(int take) {
            int skip = Math.max(0, take - TAIL);
            in.position(in.position() + skip);
            int n = take - skip;
            if (tailLength + n > TAIL) {
                int drop = tailLength + n - TAIL;
                System.arraycopy(tail, drop, tail, 0, tailLength - drop);
                tailLength -= drop;
            }
            in.get(tail, tailLength, n);
            tailLength += n;
        }
    }
}
