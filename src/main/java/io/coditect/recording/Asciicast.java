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
 * {@code r} (resize, data {@code "COLSxROWS"}) or {@code m} (marker). Lines are written with
 * JSON-P, so escaping is the library's.
 */
final class Asciicast {
    static final String OUTPUT = "o";
    static final String INPUT = "i";
    static final String RESIZE = "r";
    static final String MARKER = "m";
    static final String MEDIA_TYPE = "application/x-asciicast";

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

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
        try (JsonGenerator json = JSON.createGenerator(out, StandardCharsets.UTF_8)) {
            json.writeStartArray().write(BigDecimal.valueOf(micros, 6)).write(code).write(data).writeEnd();
        }
        out.write('\n');
    }

    static String size(int cols, int rows) {
        return cols + "x" + rows;
    }
}
