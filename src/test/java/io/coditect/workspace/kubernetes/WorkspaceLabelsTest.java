package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceLabelsTest {
    private static final String LABEL_VALUE = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";

    @ParameterizedTest
    @ValueSource(strings = {"alice", "user_1.dev-2", "a",
            "x23456789012345678901234567890123456789012345678901234567890123"})
    void labelValue_alreadyValid_unchanged(String value) {
        assertThat(WorkspaceLabels.labelValue(value)).isEqualTo(value);
    }

    static Stream<String> invalid() {
        return Stream.of("alice@example.com", "bob@example.com", "-leading", "trailing.", "ünïcode",
                "x".repeat(64), "@@@", "auth0|5f7c8ec7c33c6c004bbafe82", "a".repeat(300) + "@example.com");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void labelValue_invalid_validAndStable(String value) {
        String label = WorkspaceLabels.labelValue(value);

        assertThat(label).matches(LABEL_VALUE).isEqualTo(WorkspaceLabels.labelValue(value));
    }

    @Test
    void labelValue_usersThatSanitizeAlike_differentLabels() {
        assertThat(WorkspaceLabels.labelValue("alice@example.com"))
                .isNotEqualTo(WorkspaceLabels.labelValue("alice_example.com"))
                .isNotEqualTo(WorkspaceLabels.labelValue("alice+example.com"));
        assertThat(WorkspaceLabels.labelValue("x".repeat(70))).isNotEqualTo(WorkspaceLabels.labelValue("x".repeat(71)));
    }
}
