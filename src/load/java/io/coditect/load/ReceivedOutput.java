package io.coditect.load;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link TerminalLink} has received, by offset: the offset of the next byte it needs, the
 * last {@value #RECENT} bytes (for the exact comparison with the server's replay) and the last few
 * (to wait for a prompt). Not thread-safe: the link's lock guards it.
 */
final class ReceivedOutput {
    static final int RECENT = 16 * 1024;

    private final byte[] recent = new byte[RECENT];
    private final byte[] tail = new byte[64];
    private int tailLength;
    private long nextOffset;

    /** The last bytes received (at most {@value #RECENT}) and the offset just after them. */
    record Recent(byte[] bytes, long end) {
    }

    long nextOffset() {
        return nextOffset;
    }

    /** Continues at {@code offset}: the bytes before it were lost. */
    void lostUpTo(long offset) {
        nextOffset = offset;
    }

    /** Takes {@code bytes} from index {@code from} on, the next bytes of the output. */
    void append(byte[] bytes, int from) {
        int count = bytes.length - from;
        for (int i = from; i < bytes.length; i++) {
            recent[(int) (nextOffset % RECENT)] = bytes[i];
            nextOffset++;
        }
        int keep = Math.min(count, tail.length);
        if (tailLength + keep > tail.length) {
            int drop = tailLength + keep - tail.length;
            System.arraycopy(tail, drop, tail, 0, tailLength - drop);
            tailLength -= drop;
        }
        System.arraycopy(bytes, bytes.length - keep, tail, tailLength, keep);
        tailLength += keep;
    }

    String tail() {
        return new String(tail, 0, tailLength, StandardCharsets.ISO_8859_1);
    }

    Recent recent() {
        int length = (int) Math.min(RECENT, nextOffset);
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++) {
            copy[i] = recent[(int) ((nextOffset - length + i) % RECENT)];
        }
        return new Recent(copy, nextOffset);
    }
}
