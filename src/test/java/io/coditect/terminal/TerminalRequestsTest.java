package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalRequestsTest {
    private static final List<String> SHELLS = List.of("/bin/bash", "/bin/sh");

    @Test
    void validate_emptyBody_defaults() {
        TerminalSpec spec = TerminalRequests.validate(null, SHELLS);

        assertThat(spec).isEqualTo(new TerminalSpec("/bin/bash", null, 80, 24, Map.of()));
    }

    @Test
    void validate_fullBody_kept() {
        TerminalSpec spec = TerminalRequests.validate(
                new CreateTerminalRequest(200, 50, "/bin/sh", "src", Map.of("EDITOR", "vi"), null), SHELLS);

        assertThat(spec).isEqualTo(new TerminalSpec("/bin/sh", "src", 200, 50, Map.of("EDITOR", "vi")));
    }

    @Test
    void validate_badFields_badRequestWithCode() {
        assertCode(new CreateTerminalRequest(1, null, null, null, null, null), "invalid_size");
        assertCode(new CreateTerminalRequest(null, 501, null, null, null, null), "invalid_size");
        assertCode(new CreateTerminalRequest(null, null, "/bin/zsh", null, null, null), "shell_not_allowed");
        assertCode(new CreateTerminalRequest(null, null, null, null, Map.of("A-B", "x"), null), "invalid_env");
        assertCode(new CreateTerminalRequest(null, null, null, null, Map.of("A", "x\0y"), null), "invalid_env");
        assertCode(new CreateTerminalRequest(null, null, null, null, Map.of("A", "x".repeat(4097)), null), "invalid_env");
    }

    private static void assertCode(CreateTerminalRequest request, String code) {
        assertThatThrownBy(() -> TerminalRequests.validate(request, SHELLS))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                });
    }
}
