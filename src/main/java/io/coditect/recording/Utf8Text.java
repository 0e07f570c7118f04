package io.coditect.recording;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One direction of a terminal's traffic (output or input) as asciicast event lines, piece by
 * piece: each piece's bytes go straight into the recording's chunks as a JSON string's content,
 * checked as UTF-8 and escaped in one pass, with no text decoded in between. A character split
 * between two pieces waits for its last bytes instead of becoming two broken ones. Ill-formed UTF-8
 * becomes U+FFFD, one for each maximal subpart (Unicode's recommended practice, which browsers and
 * asciinema's own recorder follow): such output cannot replay byte-exact.
 */
final class Utf8Text {
    private static final byte[] REPLACEMENT = {(byte) 0xef, (byte) 0xbf, (byte) 0xbd};
    /** Eight bytes of an array read as one {@code long}, at any offset. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    /** The longest UTF-8 sequence. */
    private static final int MAX_SEQUENCE = 4;

    private final char code;
    /** The start of a character whose end has not come yet (at most 3 bytes). */
    private final byte[] carried = new byte[MAX_SEQUENCE - 1];
    private int carriedLength;
    /** The carried bytes and the first of the next piece, to finish that character. */
    private final byte[] head = new byte[MAX_SEQUENCE];

    /** {@code code}: the events' code ({@link Asciicast#OUTPUT}, {@link Asciicast#INPUT}). */
    Utf8Text(char code) {
        this.code = code;
    }

    /**
     * Appends the event line of the next piece of the stream, at {@code micros}: its text and any
     * carried character it finishes. Nothing when it holds no whole character yet.
     */
    void event(ChunkBuffer out, long micros, byte[] bytes) {
        int length = bytes.length;
        int start = 0;
        int headLength = 0;
        boolean headReplaced = false;
        if (carriedLength > 0) {
            int taken = Math.min(length, MAX_SEQUENCE - carriedLength);
            System.arraycopy(carried, 0, head, 0, carriedLength);
            System.arraycopy(bytes, 0, head, carriedLength, taken);
            int sequence = sequence(head, 0, carriedLength + taken);
            if (sequence == 0) {
                // Still the start of one character: the whole piece was part of it.
                System.arraycopy(bytes, 0, carried, carriedLength, taken);
                carriedLength += taken;
                return;
            }
            if (sequence > 0) {
                headLength = sequence;
            } else {
                headReplaced = true;
                sequence = -sequence;
            }
            start = sequence - carriedLength;
            carriedLength = 0;
        }
        int end = completeEnd(bytes, start, length);
        if (headLength > 0 || headReplaced || end > start) {
            Asciicast.open(out, micros, code);
            if (headReplaced) {
                out.append(REPLACEMENT, 0, REPLACEMENT.length);
            } else {
                out.append(head, 0, headLength);
            }
            escape(out, bytes, start, end);
            Asciicast.close(out);
        }
        carriedLength = length - end;
        System.arraycopy(bytes, end, carried, 0, carriedLength);
    }

    /** The stream has ended: a character still carried is a replacement character's line. */
    void finish(ChunkBuffer out, long micros) {
        if (carriedLength > 0) {
            Asciicast.open(out, micros, code);
            out.append(REPLACEMENT, 0, REPLACEMENT.length);
            Asciicast.close(out);
            carriedLength = 0;
        }
    }

    /**
     * Appends {@code bytes[from, to)} as a JSON string's content: well-formed UTF-8 as it is,
     * escaped where JSON says. Runs of printable ASCII, most of a terminal's output, are passed
     * over eight bytes at a time ({@link #printable}); the bytes of a word that is not are looked
     * at one by one.
     */
    private static void escape(ChunkBuffer out, byte[] bytes, int from, int to) {
        int plain = from;
        int i = from;
        int bytewise = from;
        while (i < to) {
            if (i >= bytewise) {
                if (i + Long.BYTES <= to && printable((long) WORDS.get(bytes, i))) {
                    i += Long.BYTES;
                    continue;
                }
                bytewise = i + Long.BYTES;
            }
            byte b = bytes[i];
            if (b >= 0x20 && b != '"' && b != '\\') {
                i++;
            } else if (b >= 0) {
                out.append(bytes, plain, i - plain);
                Asciicast.escape(out, b);
                plain = ++i;
            } else {
                int sequence = sequence(bytes, i, to);
                if (sequence > 0) {
                    i += sequence;
                } else {
                    out.append(bytes, plain, i - plain);
                    out.append(REPLACEMENT, 0, REPLACEMENT.length);
                    // A start cut off at the end only happens at a piece's end, which completeEnd kept out.
                    i += sequence == 0 ? to - i : -sequence;
                    plain = i;
                }
            }
        }
        out.append(bytes, plain, to - plain);
    }

    /**
     * Whether all eight bytes of {@code word} are printable ASCII other than {@code "} and
     * {@code \\}, so that they go into a JSON string as they are. The tests for a byte below 0x20
     * and for a zero byte are the exact ones of "Bit Twiddling Hacks" (Sean Eron Anderson,
     * "Determine if a word has a byte less than n"): no false answer either way.
     */
    private static boolean printable(long word) {
        long special = (word & HIGH_BITS)
                | hasByteBelow0x20(word)
                | hasZeroByte(word ^ QUOTES)
                | hasZeroByte(word ^ BACKSLASHES);
        return special == 0;
    }

    private static long hasByteBelow0x20(long word) {
        return (word - 0x2020202020202020L) & ~word & HIGH_BITS;
    }

    private static long hasZeroByte(long word) {
        return (word - LOW_BITS) & ~word & HIGH_BITS;
    }

    /** Where the text of {@code bytes[from, to)} ends for now: before a last character whose bytes have not all come. */
    private static int completeEnd(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= Math.max(from, to - (MAX_SEQUENCE - 1)); i--) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                return to;
            }
            if (b >= 0xc0) {
                return sequence(bytes, i, to) == 0 ? i : to;
            }
        }
        return to;
    }

    /**
     * The UTF-8 sequence at {@code bytes[i]}, looking no further than {@code limit} (Unicode, table
     * 3-7, "Well-Formed UTF-8 Byte Sequences"): its length when it is well-formed; 0 when it is
     * well-formed so far but cut off at {@code limit}; minus the length of its maximal subpart (at
     * least 1, the bytes one replacement character stands for) when it is ill-formed.
     */
    static int sequence(byte[] bytes, int i, int limit) {
        int lead = bytes[i] & 0xff;
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (lead < 0x80) {
            return 1;
        } else if (lead < 0xc2) {
            return -1;
        } else if (lead < 0xe0) {
            length = 2;
        } else if (lead < 0xf0) {
            length = 3;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead < 0xf5) {
            length = 4;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return -1;
        }
        for (int k = 1; k < length; k++) {
            if (i + k >= limit) {
                return 0;
            }
            int b = bytes[i + k] & 0xff;
            if (b < low || b > high) {
                return -k;
            }
            low = 0x80;
            high = 0xbf;
        }
        return length;
    }
}
