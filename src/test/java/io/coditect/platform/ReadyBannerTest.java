package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadyBannerTest {
    @Test
    void text_framedLineWithTheAddress() {
        String[] lines = ReadyBanner.text("standalone", "localhost", 9080, null).split(System.lineSeparator());
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).as("a line break first").isEmpty();
        assertThat(lines[2]).isEqualTo("Coditect Workspace Gateway (standalone) is ready: open http://localhost:9080/");
        assertThat(lines[1]).isEqualTo(lines[3]).matches("=+").hasSameSizeAs(lines[2]);
    }

    @Test
    void text_withStartLinkFragment_addressCarriesIt() {
        String[] lines = ReadyBanner.text("standalone", "localhost", 9080, "sign-in=abc").split(System.lineSeparator());
        assertThat(lines[2]).isEqualTo("Coditect Workspace Gateway (standalone) is ready: open http://localhost:9080/#sign-in=abc");
        assertThat(lines[1]).hasSameSizeAs(lines[2]);
    }

    @Test
    void awaitListening_portThatAccepts_true() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(ReadyBanner.awaitListening(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    Duration.ofSeconds(30), Duration.ofMillis(10))).isTrue();
        }
    }

    @Test
    void awaitListening_nothingListens_falseAfterTheTimeout() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        assertThat(ReadyBanner.awaitListening(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Duration.ofMillis(200), Duration.ofMillis(20))).isFalse();
    }

    @Test
    void listensEverywhere_wildcardsOnly() {
        assertThat(ReadyBanner.listensEverywhere("*")).isTrue();
        assertThat(ReadyBanner.listensEverywhere("0.0.0.0")).isTrue();
        assertThat(ReadyBanner.listensEverywhere("localhost")).isFalse();
    }
}
