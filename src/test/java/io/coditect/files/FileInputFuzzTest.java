package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.platform.error.ApiException;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Fuzzing of the file API's client input (paths, names, {@code Range}): a path never escapes the
 * workspace, a range always lies inside the file, and whatever else arrives is a 4xx with the API's
 * error, never another exception. Tries: {@code -Dfuzz.tries}.
 */
class FileInputFuzzTest {
    @Property
    void path_anyString_confinedSegmentsOr400(@ForAll("paths") String raw) {
        try {
            FilePath path = FilePath.parse(raw);
            assertThat(path.segments()).allSatisfy(segment -> {
                assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("/").doesNotContain("\0");
            });
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    @Property
    void name_anyString_aSingleSegmentOr400(@ForAll("paths") String raw) {
        try {
            assertThat(FilePath.name(raw)).isNotEmpty().doesNotContain("/").isNotEqualTo("..").isNotEqualTo(".");
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    @Property
    void range_anyHeader_insideTheFileOrWholeOr416(@ForAll("ranges") String header,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long size) {
        try {
            Optional<ByteRange> range = ByteRange.parse(header, size);
            range.ifPresent(r -> {
                assertThat(r.first()).isBetween(0L, size - 1);
                assertThat(r.last()).isBetween(r.first(), size - 1);
            });
            assertThat(range.isEmpty() || size > 0).isTrue();
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(416);
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("./\\a\0%2e").ofMaxLength(30),
                Arbitraries.strings().withChars("ab/.").ofMinLength(1).ofMaxLength(5000),
                Arbitraries.of("..", "a/../b", "/etc/passwd", "a//b/./c", "\u00e9".repeat(200)));
    }

    @Provide
    Arbitrary<String> ranges() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf), Arbitraries.of("", " ", "x",
                "99999999999999999999", "-1", "+5"));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                net.jqwik.api.Combinators.combine(Arbitraries.of("bytes=", "bytes= ", "items=", "BYTES="), number, number)
                        .as((unit, first, last) -> unit + first + "-" + last));
    }
}
