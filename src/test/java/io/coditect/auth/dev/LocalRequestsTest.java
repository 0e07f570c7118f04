package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalRequestsTest {
    @Test
    void hostOf_hostHeaders_hostWithoutPort() {
        assertThat(LocalRequests.hostOf("localhost:9080")).isEqualTo("localhost");
        assertThat(LocalRequests.hostOf("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(LocalRequests.hostOf("[::1]:9080")).isEqualTo("::1");
        assertThat(LocalRequests.hostOf("[::1")).isNull();
        assertThat(LocalRequests.hostOf(" ")).isNull();
    }

    @Test
    void isLoopbackHost_loopbackNamesAndAddresses_true() {
        assertThat(LocalRequests.isLoopbackHost("localhost")).isTrue();
        assertThat(LocalRequests.isLoopbackHost("LOCALHOST")).isTrue();
        assertThat(LocalRequests.isLoopbackHost("127.0.0.1")).isTrue();
        assertThat(LocalRequests.isLoopbackHost("127.8.9.10")).isTrue();
        assertThat(LocalRequests.isLoopbackHost("::1")).isTrue();
    }

    @Test
    void isLoopbackHost_otherHosts_false() {
        assertThat(LocalRequests.isLoopbackHost("attacker.example")).isFalse();
        assertThat(LocalRequests.isLoopbackHost("localhost.attacker.example")).isFalse();
        assertThat(LocalRequests.isLoopbackHost("192.0.2.10")).isFalse();
        assertThat(LocalRequests.isLoopbackHost("0.0.0.0")).isFalse();
        assertThat(LocalRequests.isLoopbackHost(null)).isFalse();
    }

    @Test
    void isLoopbackLiteral_namesNeverResolved_false() {
        assertThat(LocalRequests.isLoopbackLiteral("localhost")).isFalse();
        assertThat(LocalRequests.isLoopbackLiteral("127.0.0.1.nip.io")).isFalse();
        assertThat(LocalRequests.isLoopbackLiteral("")).isFalse();
    }
}
