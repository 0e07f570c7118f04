package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.store.ChunkedValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Asciicast.header(80, 24, Instant.EPOCH));
        Asciicast.event(out, 1, "o", data);
        Asciicast.event(out, 2_500_000, "r", Asciicast.size(100, 30));

        String text = out.toString(StandardCharsets.UTF_8);
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
        all.append("\u0080\u00ff\u07ff\u0800\ufffd\uffff\ud83d\ude00\u2028\u2029");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Asciicast.header(80, 24, Instant.EPOCH));
        Asciicast.event(out, 0, "o", all.toString());
        Asciicast.event(out, 123_456_789_012L, "i", "");

        Cast cast = Cast.parse(out.toString(StandardCharsets.UTF_8));

        assertThat(cast.data("o")).containsExactly(all.toString());
        assertThat(cast.data("i")).containsExactly("");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[0.000000,\"o\",").contains("[123456.789012,\"i\",\"\"]");
    }

    @Test
    void utf8_charactersSplitBetweenReads_waitForTheirEnd() {
        byte[] all = "aé€😀z".getBytes(StandardCharsets.UTF_8);
        Utf8Text text = new Utf8Text();
        StringBuilder joined = new StringBuilder();
        for (byte b : all) {
            joined.append(text.decode(new byte[] {b}));
        }
        joined.append(text.finish());

        assertThat(joined.toString()).isEqualTo("aé€😀z");
    }

    @Test
    void utf8_invalidBytesAndATruncatedEnd_becomeReplacementCharacters() {
        Utf8Text text = new Utf8Text();

        String middle = text.decode(new byte[] {'a', (byte) 0xff, 'b', (byte) 0xe2, (byte) 0x82});
        String end = text.finish();

        assertThat(middle).isEqualTo("a\ufffdb");
        assertThat(end).isEqualTo("\ufffd");
        assertThat(text.decode("ok".getBytes(StandardCharsets.UTF_8))).isEqualTo("ok");
    }

    @Test
    void chunks_fullOnesAndTheOneBeingFilled_neverLargerThanAChunk() {
        byte[] header = "{\"version\":2}\n".getBytes(StandardCharsets.UTF_8);
        ChunkBuffer buffer = new ChunkBuffer(header);
        byte[] line = new byte[7_000];
        Arrays.fill(line, (byte) 'x');

        buffer.append(line, line.length);
        buffer.append(line, line.length);
        List<byte[]> first = buffer.pending();
        long firstIndex = buffer.firstPendingIndex();
        buffer.written();
        buffer.append(line, 10);
        List<byte[]> second = buffer.pending();

        assertThat(firstIndex).isZero();
        assertThat(first).extracting(chunk -> chunk.length)
                .containsExactly(ChunkedValue.CHUNK_BYTES, header.length + 14_000 - ChunkedValue.CHUNK_BYTES);
        assertThat(buffer.firstPendingIndex()).as("the chunk being filled is written again, longer").isEqualTo(1);
        assertThat(second).extracting(chunk -> chunk.length).containsExactly(header.length + 14_010 - ChunkedValue.CHUNK_BYTES);
        assertThat(buffer.total()).isEqualTo(header.length + 14_010L);
    }
}
