package io.coditect.recording;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The asciicast v2 format (asciinema's): a header object on the first line, then one event per
 * line, {@code [seconds since start, code, data]} with code {@code o} (output), {@code i} (input),
 * {@code r} (resize, data {@code "COLSxROWS"}) or {@code m} (marker). The header is written with
 * JSON-P. Event lines, one per piece of output on the writer's hot path, are written here straight
 * into the recording's chunks: a JSON-P generator per line, then a stream per line, were the
 * writer's largest costs (benchmarks.md, "Session recording"). A JSON string of UTF-8 text is that
 * text with {@code "}, {@code \} and the control characters escaped (RFC 8259, section 7); every
 * byte of a multi-byte character is 0x80 or above, so it passes as it is ({@link Utf8Text}).
 */
final class Asciicast {
    static final char OUTPUT = 'o';
    static final char INPUT = 'i';
    static final char RESIZE = 'r';
    static final char MARKER = 'm';
    static final String MEDIA_TYPE = "application/x-asciicast";

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MICROS_PER_SECOND = 1_000_000;

    private Asciicast() {
    }

    static byte[] header(int cols, int rows, Instant startedAt) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(96);
        try (JsonGenerator json = JSON.createGenerator(line, StandardCharsets.UTF_8)) {
            json.writeStartObject().write("version", 2).write("width", cols).write("height", rows)
                    .write("timestamp", startedAt.getEpochSecond()).writeEnd();
        }
        line.write('\n');
        return line.toByteArray();
    }

    /** Appends one event line of text this server made (a size, a marker's note). */
    static void event(ChunkBuffer out, long micros, char code, String data) {
        open(out, micros, code);
        byte[] utf8 = data.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (plain(b)) {
                out.append(b);
            } else {
                escape(out, b);
            }
        }
        close(out);
    }

    /**
     * Starts an event line up to its data's opening quote: {@code [seconds,"code","}, the time
     * {@code micros} since the start, as seconds with six decimals.
     */
    static void open(ChunkBuffer out, long micros, char code) {
        out.append('[');
        digits(out, micros / MICROS_PER_SECOND);
        out.append('.');
        int fraction = (int) (micros % MICROS_PER_SECOND);
        for (int unit = MICROS_PER_SECOND / 10; unit > 0; unit /= 10) {
            out.append('0' + fraction / unit % 10);
        }
        out.append(',');
        out.append('"');
        out.append(code);
        out.append('"');
        out.append(',');
        out.append('"');
    }

    /** Ends an event line after its data: {@code "]} and the line's end. */
    static void close(ChunkBuffer out) {
        out.append('"');
        out.append(']');
        out.append('\n');
    }

    /** Whether a byte of UTF-8 text goes into a JSON string as it is. */
    static boolean plain(byte b) {
        // Signed: the bytes of multi-byte characters are negative, and pass too.
        return (b >= 0x20 || b < 0) && b != '"' && b != '\\';
    }

    /** Appends the escape of an ASCII byte that is not {@link #plain}: a quote, a backslash or a control character. */
    static void escape(ChunkBuffer out, int b) {
        out.append('\\');
        switch (b) {
            case '"', '\\' -> out.append(b);
            case '\n' -> out.append('n');
            case '\r' -> out.append('r');
            case '\t' -> out.append('t');
            case '\b' -> out.append('b');
            case '\f' -> out.append('f');
            default -> {
                out.append('u');
                out.append('0');
                out.append('0');
                out.append(HEX[b >> 4]);
                out.append(HEX[b & 0xf]);
            }
        }
    }

    private static void digits(ChunkBuffer out, long value) {
        long unit = 1;
        while (unit <= value / 10) {
            unit *= 10;
        }
        for (; unit > 0; unit /= 10) {
            out.append((int) ('0' + value / unit % 10));
        }
    }

    static String size(int cols, int rows) {
        return cols + "x" + rows;
    }
}
