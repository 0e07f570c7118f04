package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.ChunkedValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The asciicast lines, text decoding across reads, and chunking: pure, no store. */
class AsciicastTest {
    @Test
    void header_versionSizeAndStart() {
        Cast cast = Cast.parse(new String(Asciicast.header(120, 40, Instant.ofEpochSecond(1_764_700_000)),
                StandardCharsets.UTF_8));

        assertThat(cast.header().getInt("version")).isEqualTo(2);
        assertThat(cast.header().getInt("width")).isEqualTo(120);
        assertThat(cast.header().getInt("height")).isEqualTo(40);
        assertThat(cast.header().getJsonNumber("timestamp").longValue()).isEqualTo(1_764_700_000L);
        assertThat(cast.events()).isEmpty();
    }

    @Test
    void event_controlCharactersQuotesAndTime_roundTrip() {
        String data = "\u001b[1;31mred\u001b[0m \"quoted\" \\ back\r\n\u0000\u0007tab\t é 😀";
        ChunkBuffer out = new ChunkBuffer(Asciicast.header(80, 24, Instant.EPOCH));
        new Utf8Text(Asciicast.OUTPUT).event(out, 1, data.getBytes(StandardCharsets.UTF_8));
        Asciicast.event(out, 2_500_000, Asciicast.RESIZE, Asciicast.size(100, 30));

        String text = text(out);
        Cast cast = Cast.parse(text);

        assertThat(cast.data("o")).containsExactly(data);
        assertThat(cast.data("r")).containsExactly("100x30");
        assertThat(text).contains("[0.000001,\"o\",").contains("[2.500000,\"r\",\"100x30\"]");
        assertThat(text.lines().count()).isEqualTo(3);
    }

    @Test
    void event_everyAsciiCharacterAndOthers_readBackAsTheyWere() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("\u0080\u00ff\u07ff\u0800\ufffd\uffff\ud83d\ude00\u2028\u2029\udbff\udfff");
        ChunkBuffer out = new ChunkBuffer(Asciicast.header(80, 24, Instant.EPOCH));
        new Utf8Text(Asciicast.OUTPUT).event(out, 0, all.toString().getBytes(StandardCharsets.UTF_8));
        Asciicast.event(out, 123_456_789_012L, Asciicast.MARKER, "");
        Asciicast.event(out, 10_000_000L, Asciicast.MARKER, all.toString());

        Cast cast = Cast.parse(text(out));

        assertThat(cast.data("o")).containsExactly(all.toString());
        assertThat(cast.data("m")).containsExactly("", all.toString());
        assertThat(text(out)).contains("[0.000000,\"o\",").contains("[123456.789012,\"m\",\"\"]")
                .contains("[10.000000,\"m\",");
    }

    @Test
    void utf8_charactersSplitBetweenReads_waitForTheirEnd() {
        byte[] all = "aé€😀z".getBytes(StandardCharsets.UTF_8);
        ChunkBuffer out = new ChunkBuffer(Asciicast.header(80, 24, Instant.EPOCH));
        Utf8Text text = new Utf8Text(Asciicast.OUTPUT);
        for (byte b : all) {
            text.event(out, 0, new byte[] {b});
        }
        text.finish(out, 0);

        assertThat(Cast.parse(text(out)).data("o")).as("a line only when a character is whole")
                .containsExactly("a", "é", "€", "😀", "z");
    }

    @Test
    void utf8_invalidBytesAndATruncatedEnd_becomeReplacementCharacters() {
        ChunkBuffer out = new ChunkBuffer(Asciicast.header(80, 24, Instant.EPOCH));
        Utf8Text text = new Utf8Text(Asciicast.OUTPUT);

        text.event(out, 0, new byte[] {'a', (byte) 0xff, 'b', (byte) 0xe2, (byte) 0x82});
        text.finish(out, 1);
        text.event(out, 2, "ok".getBytes(StandardCharsets.UTF_8));

        assertThat(Cast.parse(text(out)).data("o")).containsExactly("a\ufffdb", "\ufffd", "ok");
    }

    /** Unicode's recommended practice (table 3-7 and "U+FFFD Substitution of Maximal Subparts"). */
    @Test
    void utf8_illFormed_oneReplacementPerMaximalSubpart() {
        assertThat(decoded(0xed, 0xa0, 0x80)).as("a surrogate's encoding").isEqualTo("\ufffd\ufffd\ufffd");
        assertThat(decoded(0xc0, 0xaf)).as("an overlong form").isEqualTo("\ufffd\ufffd");
        assertThat(decoded(0xf4, 0x90, 0x80, 0x80)).as("past U+10FFFF").isEqualTo("\ufffd".repeat(4));
        assertThat(decoded(0xf0, 0x90, 0x41)).as("a start cut short").isEqualTo("\ufffdA");
        assertThat(decoded(0xe1, 0x80, 0xe1, 0x80, 0x80)).isEqualTo("\ufffd\u1000");
        assertThat(decoded(0x80, 0xbf, 0x22)).as("lone continuation bytes").isEqualTo("\ufffd\ufffd\"");
        assertThat(decoded(0xf8, 0xfe, 0xff)).isEqualTo("\ufffd\ufffd\ufffd");
    }

    /**
     * Any bytes, cut into pieces anywhere, give the text that the same bytes give in one piece:
     * every line valid JSON, well-formed UTF-8 passed as it is.
     */
    @Test
    void utf8_anyBytesSplitAnywhere_sameTextAsInOnePiece() {
        Random random = new Random(17);
        byte[] alphabet = {'a', '"', '\\', '\n', 0x1b, 0x7f, (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f,
                (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xe1, (byte) 0xed,
                (byte) 0xef, (byte) 0xf0, (byte) 0xf3, (byte) 0xf4, (byte) 0xf5, (byte) 0xff};
        for (int round = 0; round < 5_000; round++) {
            // Half printable ASCII, so that runs of eight and more are passed over a word at a time.
            byte[] bytes = new byte[random.nextInt(1, 48)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextBoolean() ? (byte) random.nextInt(0x20, 0x7f) : alphabet[random.nextInt(alphabet.length)];
            }
            String whole = decoded(bytes, bytes.length);
            String split = decoded(bytes, random.nextInt(1, 4));
            assertThat(split).as("%s in pieces", HexFormat.of().formatHex(bytes)).isEqualTo(whole);
        }
        byte[] wellFormed = "é€😀\u0000\"x".repeat(3).getBytes(StandardCharsets.UTF_8);
        for (int piece = 1; piece <= wellFormed.length; piece++) {
            assertThat(decoded(wellFormed, piece).getBytes(StandardCharsets.UTF_8)).isEqualTo(wellFormed);
        }
    }

    private static String decoded(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return decoded(array, array.length);
    }

    /** The output data of {@code bytes} recorded in pieces of {@code piece} bytes, joined. */
    private static String decoded(byte[] bytes, int piece) {
        ChunkBuffer out = new ChunkBuffer(Asciicast.header(80, 24, Instant.EPOCH));
        Utf8Text text = new Utf8Text(Asciicast.OUTPUT);
        for (int at = 0; at < bytes.length; at += piece) {
            text.event(out, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece)));
        }
        text.finish(out, bytes.length);
        return String.join("", Cast.parse(text(out)).data("o"));
    }

    private static String text(ChunkBuffer buffer) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        buffer.pending().forEach(joined::writeBytes);
        return joined.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chunks_fullOnesAndTheOneBeingFilled_neverLargerThanAChunk() {
        byte[] header = "{\"version\":2}\n".getBytes(StandardCharsets.UTF_8);
        ChunkBuffer buffer = new ChunkBuffer(header);
        byte[] line = new byte[7_000];
        Arrays.fill(line, (byte) 'x');

        buffer.append(line, 0, line.length);
        buffer.append(line, 0, line.length);
        List<byte[]> first = buffer.pending();
        long firstIndex = buffer.firstPendingIndex();
        buffer.written();
        buffer.append(line, 0, 10);
        List<byte[]> second = buffer.pending();

        assertThat(firstIndex).isZero();
        assertThat(first).extracting(chunk -> chunk.length)
                .containsExactly(ChunkedValue.CHUNK_BYTES, header.length + 14_000 - ChunkedValue.CHUNK_BYTES);
        assertThat(buffer.firstPendingIndex()).as("the chunk being filled is written again, longer").isEqualTo(1);
        assertThat(second).extracting(chunk -> chunk.length).containsExactly(header.length + 14_010 - ChunkedValue.CHUNK_BYTES);
        assertThat(buffer.total()).isEqualTo(header.length + 14_010L);
    }
}
