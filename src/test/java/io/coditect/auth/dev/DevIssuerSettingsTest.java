package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.auth.dev.DevIssuerSettings.State;
import io.coditect.platform.Role;
import org.junit.jupiter.api.Test;

class DevIssuerSettingsTest {
    @Test
    void decide_standaloneEnabledNoOperatorKey_active() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, null)).isEqualTo(State.ACTIVE);
    }

    @Test
    void decide_operatorKeyConfigured_stepsAside() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, true, "mp.jwt.verify.publickey.location"))
                .isEqualTo(State.STEPPED_ASIDE);
    }

    @Test
    void decide_turnedOff_disabled() {
        assertThat(DevIssuerSettings.decide(Role.STANDALONE, false, null)).isEqualTo(State.DISABLED);
    }

    @Test
    void decide_gatewayOrAgentEvenWhenEnabled_neverOn() {
        assertThat(DevIssuerSettings.decide(Role.GATEWAY, true, null)).isEqualTo(State.NOT_STANDALONE);
        assertThat(DevIssuerSettings.decide(Role.AGENT, true, null)).isEqualTo(State.NOT_STANDALONE);
        assertThat(DevIssuerSettings.decide(null, true, null)).as("unparsable role").isEqualTo(State.NOT_STANDALONE);
    }
}
