package io.coditect.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The client address through trusted proxies only: a client cannot choose the address recorded. */
class ClientAddressesTest {
    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "2001:db8::/32"));
    private final ClientAddresses direct = new ClientAddresses(List.of());

    @Test
    void resolve_noTrustedProxy_peerWhateverTheHeaderSays() {
        assertThat(direct.resolve("192.0.2.9", List.of("203.0.113.5"))).isEqualTo("192.0.2.9");
    }

    @Test
    void resolve_trustedChain_firstUntrustedFromTheRight() {
        assertThat(behindProxies.resolve("10.1.1.1", List.of("198.51.100.1, 203.0.113.5, 10.2.2.2"))).isEqualTo("203.0.113.5");
        assertThat(behindProxies.resolve("2001:db8::5", List.of("192.0.2.44"))).isEqualTo("192.0.2.44");
        assertThat(behindProxies.resolve("10.1.1.1", List.of("198.51.100.1", "10.3.3.3"))).isEqualTo("198.51.100.1");
    }

    @Test
    void resolve_untrustedPeer_headerIgnored() {
        assertThat(behindProxies.resolve("192.0.2.9", List.of("10.0.0.1"))).isEqualTo("192.0.2.9");
    }

    @Test
    void resolve_garbageOrHostNameInTheChain_stopsAtTheLastTrustedHop() {
        assertThat(behindProxies.resolve("10.1.1.1", List.of("evil.example, 10.2.2.2"))).isEqualTo("10.2.2.2");
        assertThat(behindProxies.resolve("10.1.1.1", List.of("cafe"))).isEqualTo("10.1.1.1");
    }

    @Test
    void configuration_notAnAddressOrBadPrefix_refusedAtStart() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
