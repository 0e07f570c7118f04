package io.coditect.recording;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The asciicast v2 format (asciinema's): a header object on the first line, then one event per
 * line, {@code [seconds since start, code, data]} with code {@code o} (output), {@code i} (input),
 * {@code r} (resize, data {@code "COLSxROWS"}) or {@code m} (marker). The header is written with
 * JSON-P. Event lines, one per piece of output on the writer's hot path, are written here: JSON-P's
 * generator per line was the writer's largest cost (benchmarks.md, "Session recording"), and a JSON
 * string of UTF-8 text is that text with {@code "}, {@code \} and the control characters escaped
 * (RFC 8259, section 7); every byte of a multi-byte character is 0x80 or above, so it passes as it is.
 */
final class Asciicast {
    static final String OUTPUT = "o";
    static final String INPUT = "i";
    static final String RESIZE = "r";
    static final String MARKER = "m";
    static final String MEDIA_TYPE = "application/x-asciicast";

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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

    /** Appends one event line; {@code micros} since the start, written as seconds with six decimals. */
    static void event(ByteArrayOutputStream out, long micros, String code, String data) {
        out.write('[');
        out.writeBytes(BigDecimal.valueOf(micros, 6).toPlainString().getBytes(StandardCharsets.US_ASCII));
        out.write(',');
        string(out, code.getBytes(StandardCharsets.UTF_8));
        out.write(',');
        string(out, data.getBytes(StandardCharsets.UTF_8));
        out.write(']');
        out.write('\n');
    }

    /** {@code utf8} as a JSON string. */
    private static void string(ByteArrayOutputStream out, byte[] utf8) {
        out.write('"');
        int plain = 0;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            if (b >= 0x20 && b != '"' && b != '\\') {
                continue;
            }
            out.write(utf8, plain, i - plain);
            plain = i + 1;
            out.write('\\');
            switch (b) {
                case '"', '\\' -> out.write(b);
                case '\n' -> out.write('n');
                case '\r' -> out.write('r');
                case '\t' -> out.write('t');
                case '\b' -> out.write('b');
                case '\f' -> out.write('f');
                default -> {
                    out.write('u');
                    out.write('0');
                    out.write('0');
                    out.write(HEX[b >> 4]);
                    out.write(HEX[b & 0xf]);
                }
            }
        }
        out.write(utf8, plain, utf8.length - plain);
        out.write('"');
    }

    static String size(int cols, int rows) {
        return cols + "x" + rows;
    }
}
