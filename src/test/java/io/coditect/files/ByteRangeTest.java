package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void parse_forms() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).contains(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-500", 100)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=50-5000", 100)).contains(new ByteRange(50, 99));
        assertThat(new ByteRange(90, 99).contentRange(100)).isEqualTo("bytes 90-99/100");
    }

    @Test
    void parse_wholeFileForNoneSeveralOrMalformed() {
        assertThat(ByteRange.parse(null, 100)).isEqualTo(Optional.empty());
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=x-1", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=9-1", 100)).isEmpty();
    }

    @Test
    void parse_pastTheEnd_unsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100)).hasFieldOrPropertyWithValue("code", "range_not_satisfiable");
        assertThatThrownBy(() -> ByteRange.parse("bytes=-1", 0)).hasFieldOrPropertyWithValue("code", "range_not_satisfiable");
    }
}
