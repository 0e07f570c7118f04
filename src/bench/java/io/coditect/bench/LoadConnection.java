package io.coditect.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One attached client. Reading happens on the selector thread; writes from any thread. */
final class LoadConnection {
    /** Typed in turn: a character and its erase, so the line never grows. */
    static final byte[] KEYS = {'a', 0x7f};
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;

    final SocketChannel channel;
    private final ByteBuffer in;
    private final long upgradedAt;
    private final ByteBuffer keyFrame = ByteBuffer.allocateDirect(7);
    private final byte[] tail = new byte[WebSocketLoad.TAIL];
    private int tailLength;
    private long received;
    private long frames;
    private long firstOutputAt;
    private int opcode;
    private long payloadLeft;
    private ByteBuffer control;
    private boolean closed;
    // Echo timing, on the selector thread (and read under this object's lock).
    long nextKeyAt;
    private int nextKey;
    private int[] echoBytes;
    private long echoed;
    private long echoDue;
    private final java.util.ArrayDeque<long[]> outstanding = new java.util.ArrayDeque<>();
    private final List<Long> latencies = new ArrayList<>();
    private long measuredKeys;

    LoadConnection(SocketChannel channel, ByteBuffer in, long upgradedAt) {
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

    synchronized void startTyping(long firstKeyAt, int[] echoLengths) {
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
            WebSocketLoad.writeFully(channel, frame);
        }
    }

    synchronized void typeKey(boolean measure) {
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
            WebSocketLoad.writeFully(channel, keyFrame);
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

    boolean readAvailable(long arrived) {
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
    synchronized void drain(long arrived) throws IOException {
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
            WebSocketLoad.writeFully(channel, pong);
        } else if (opcode == OP_CLOSE) {
            closed = true;
        }
        control = null;
    }

    /** Keeps the last {@link #WebSocketLoad.TAIL} output bytes; the rest is only counted. */
    private void keep(int take) {
        int skip = Math.max(0, take - WebSocketLoad.TAIL);
        in.position(in.position() + skip);
        int n = take - skip;
        if (tailLength + n > WebSocketLoad.TAIL) {
            int drop = tailLength + n - WebSocketLoad.TAIL;
            System.arraycopy(tail, drop, tail, 0, tailLength - drop);
            tailLength -= drop;
        }
        in.get(tail, tailLength, n);
        tailLength += n;
    }
}
