package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.dev.DevIssuerSettings.State;
import io.coditect.platform.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DevIssuerSettingsTest {
    @Test
    void decide_standaloneEnabledNoOperatorKeyOnLoopback_active() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, null, "localhost")).isEqualTo(State.ACTIVE);
    }

    @Test
    void decide_operatorKeyConfigured_stepsAside() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, "mp.jwt.verify.publickey.location", "*"))
                .isEqualTo(State.STEPPED_ASIDE);
    }

    @Test
    void decide_turnedOff_disabled() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, false, null, "*")).isEqualTo(State.DISABLED);
    }

    @Test
    void decide_gatewayOrAgentEvenWhenEnabled_neverOn() {
        assertThat(DevIssuerSettings.decide(Role.GATEWAY, true, null, "localhost")).isEqualTo(State.NOT_STANDALONE);
        assertThat(DevIssuerSettings.decide(Role.AGENT, true, null, "*")).isEqualTo(State.NOT_STANDALONE);
        assertThat(DevIssuerSettings.decide(null, true, null, "localhost")).as("unparsable role").isEqualTo(State.NOT_STANDALONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "0.0.0.0", "::", "[::]", "192.0.2.7", "devbox.example", "localhost.example", ""})
    void decide_listeningBeyondLoopback_refused(String host) {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, null, host)).isEqualTo(State.BEYOND_LOOPBACK);
    }

    @Test
    void decide_listenHostUnknown_refused() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, null, null)).isEqualTo(State.BEYOND_LOOPBACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"})
    void decide_listeningOnLoopback_active(String host) {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, null, host)).isEqualTo(State.ACTIVE);
    }
}
