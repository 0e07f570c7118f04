package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FilePathTest {
    @Test
    void parse_relative_segmentsWithoutEmptyOrDot() {
        assertThat(FilePath.parse("src//main/./App.java").segments()).containsExactly("src", "main", "App.java");
        assertThat(FilePath.parse("").isRoot()).isTrue();
        assertThat(FilePath.parse(null).isRoot()).isTrue();
        assertThat(FilePath.parse("a/b/").toString()).isEqualTo("a/b");
    }

    @ParameterizedTest
    @CsvSource({
        "..,                path_traversal",
        "a/../../etc,       path_traversal",
        "a/..,              path_traversal",
        "/etc/passwd,       path_absolute",
        "//etc,             path_absolute",
    })
    void parse_hostile_refusedWithStableCode(String raw, String code) {
        assertThatThrownBy(() -> FilePath.parse(raw)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void parse_nulAndLongNames_refused() {
        assertThatThrownBy(() -> FilePath.parse("a\0b")).hasFieldOrPropertyWithValue("code", "path_nul");
        assertThatThrownBy(() -> FilePath.parse("x".repeat(256))).hasFieldOrPropertyWithValue("code", "name_too_long");
        assertThat(FilePath.parse("x".repeat(255)).name()).hasSize(255);
        // 128 two-byte characters are 256 bytes: the limit is in bytes, as the kernel's.
        assertThatThrownBy(() -> FilePath.parse("é".repeat(128))).hasFieldOrPropertyWithValue("code", "name_too_long");
        assertThatThrownBy(() -> FilePath.parse("a/".repeat(2100))).hasFieldOrPropertyWithValue("code", "path_too_long");
    }

    @Test
    void name_oneSegmentOnly() {
        assertThat(FilePath.name("report.pdf")).isEqualTo("report.pdf");
        assertThatThrownBy(() -> FilePath.name("a/b")).hasFieldOrPropertyWithValue("code", "invalid_name");
        assertThatThrownBy(() -> FilePath.name("..")).hasFieldOrPropertyWithValue("code", "path_traversal");
    }

    @Test
    void contains_selfAndBelow() {
        assertThat(FilePath.parse("a").contains(FilePath.parse("a/b"))).isTrue();
        assertThat(FilePath.parse("a").contains(FilePath.parse("ab"))).isFalse();
        assertThat(FilePath.ROOT.contains(FilePath.parse("x"))).isTrue();
    }
}
