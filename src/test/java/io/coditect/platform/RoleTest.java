package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void parse_anyCaseAndSpaces_role() {
        assertThat(Role.parse(" Gateway ")).isEqualTo(Role.GATEWAY);
        assertThat(Role.parse("standalone")).isEqualTo(Role.STANDALONE);
    }

    @Test
    void parse_unknown_namesTheChoices() {
        assertThatThrownBy(() -> Role.parse("proxy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("standalone, gateway, agent")
                .hasMessageContaining("'proxy'");
    }
}
