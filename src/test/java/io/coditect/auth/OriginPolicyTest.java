package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("https://IDE.coditect.test", " http://localhost:3000 "));

    @Test
    void allows_noOrigin_program() {
        assertThat(policy.allows(null, "gateway.coditect.test")).isTrue();
    }

    @Test
    void allows_sameOrigin_withDefaultAndExplicitPorts() {
        assertThat(policy.allows("https://gateway.coditect.test", "gateway.coditect.test")).isTrue();
        assertThat(policy.allows("https://gateway.coditect.test:443", "Gateway.coditect.test")).isTrue();
        assertThat(policy.allows("http://localhost:9080", "localhost:9080")).isTrue();
    }

    @Test
    void allows_listedOrigin() {
        assertThat(policy.allows("https://ide.coditect.test", "gateway.coditect.test")).isTrue();
        assertThat(policy.allows("http://localhost:3000", "gateway.coditect.test")).isTrue();
    }

    @Test
    void allows_foreignOrMalformed_refused() {
        assertThat(policy.allows("https://evil.coditect.test", "gateway.coditect.test")).isFalse();
        assertThat(policy.allows("http://gateway.coditect.test:8080", "gateway.coditect.test")).isFalse();
        assertThat(policy.allows("null", "gateway.coditect.test")).isFalse();
        assertThat(policy.allows("https://ide.coditect.test/path", "gateway.coditect.test")).isFalse();
        assertThat(policy.allows("file://", "gateway.coditect.test")).isFalse();
        assertThat(policy.allows("https://gateway.coditect.test", null)).isFalse();
    }

    @Test
    void create_malformedAllowedOrigin_refused() {
        assertThatThrownBy(() -> new OriginPolicy(List.of("ide.coditect.test")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coditect.auth.allowed-origins");
    }

    @Test
    void create_blankEntriesInTheList_ignored() {
        OriginPolicy listed = new OriginPolicy(List.of("", "  ", "https://ide.coditect.test"));

        assertThat(listed.allows("https://ide.coditect.test", "gateway.coditect.test")).isTrue();
    }

    @Test
    void allows_hostHeaderNotAnAuthority_refused() {
        assertThat(policy.allows("https://evil.coditect.test", "evil.coditect.test^bad host")).isFalse();
        assertThat(policy.allows("https://evil.coditect.test", " ")).isFalse();
    }
}
