package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AgentAddressTest {
    private static final String DEFAULT = "http://{workspace}-0.{workspace}.{namespace}.svc:8080";

    @Test
    void of_default_theStatefulSetsPodThroughItsHeadlessService() {
        assertThat(AgentAddress.of(DEFAULT, "ws-0123456789ab", "coditect"))
                .isEqualTo(URI.create("http://ws-0123456789ab-0.ws-0123456789ab.coditect.svc:8080"));
    }

    @Test
    void of_fixedLoopback_everyWorkspaceThere() {
        assertThat(AgentAddress.of("http://127.0.0.1:9882/", "ws-0123456789ab", "coditect"))
                .isEqualTo(URI.create("http://127.0.0.1:9882"));
    }

    @Test
    void check_default_accepted() {
        assertThatCode(() -> AgentAddress.check(DEFAULT)).doesNotThrowAnyException();
        assertThatCode(() -> AgentAddress.check("https://{workspace}.agents.example:8443")).doesNotThrowAnyException();
    }

    @Test
    void check_notAnHttpBase_refused() {
        assertThatThrownBy(() -> AgentAddress.check("ws://{workspace}:8080")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentAddress.check("http://{workspace}:8080/api")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentAddress.check("{workspace}:8080")).isInstanceOf(IllegalArgumentException.class);
    }
}
