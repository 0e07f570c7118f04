package io.coditect.recording;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a byte stream into text piece by piece, as asciicast's strings need: a character split
 * between two reads waits for its last bytes instead of becoming two broken ones. Bytes that are
 * not UTF-8 become U+FFFD (as asciinema's own recorder does): such output cannot replay byte-exact.
 */
final class Utf8Text {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** The start of a character whose end has not come yet (at most 3 bytes). */
    private byte[] carried = new byte[0];
    /** Kept from call to call: allocating one per read cost an eighth of the writer's time (benchmarks.md). */
    private CharBuffer out = CharBuffer.allocate(0);

    /** The text of what came so far and was not returned yet; an incomplete last character stays behind. */
    String decode(byte[] bytes) {
        ByteBuffer in;
        if (carried.length == 0) {
            in = ByteBuffer.wrap(bytes);
        } else {
            byte[] joined = Arrays.copyOf(carried, carried.length + bytes.length);
            System.arraycopy(bytes, 0, joined, carried.length, bytes.length);
            in = ByteBuffer.wrap(joined);
        }
        // UTF-8 never yields more chars than bytes, replacements included.
        if (out.capacity() < in.remaining()) {
            out = CharBuffer.allocate(in.remaining());
        }
        out.clear();
        decoder.decode(in, out, false);
        carried = new byte[in.remaining()];
        in.get(carried);
        return out.flip().toString();
    }

    /** The stream has ended: what was still carried, as replacement characters. */
    String finish() {
        CharBuffer out = CharBuffer.allocate(carried.length + 1);
        decoder.decode(ByteBuffer.wrap(carried), out, true);
        decoder.flush(out);
        decoder.reset();
        carried = new byte[0];
        return out.flip().toString();
    }
}
