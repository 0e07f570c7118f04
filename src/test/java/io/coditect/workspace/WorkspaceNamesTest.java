package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

class WorkspaceNamesTest {
    static Stream<String> allowed() {
        return Stream.of("a", "My Project", "svc_2.0-beta", "Café Ünïcode", "x".repeat(64));
    }

    static Stream<String> refused() {
        return Stream.of("", "   ", "a/b", "semi;colon", "new\nline", "<script>", "x".repeat(65));
    }

    @ParameterizedTest
    @MethodSource("allowed")
    void validate_allowedLabel_returnsIt(String name) {
        assertThat(WorkspaceNames.validate(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void validate_otherCharactersOrLength_badRequest(String name) {
        assertThatThrownBy(() -> WorkspaceNames.validate(name))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_name");
                });
    }
}
