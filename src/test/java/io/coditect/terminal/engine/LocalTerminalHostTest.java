package io.coditect.terminal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.terminal.Attachment;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalState;
import io.coditect.terminal.persistence.TerminalSnapshot;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.testing.CountingTerminalListener;
import io.coditect.testing.RecordingChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local host with real bash on real PTYs, and clients whose sends complete only when a test says so. */
class LocalTerminalHostTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long TIMEOUT_SECONDS = 30;
    private static final long GRACE_SECONDS = 1800;

    @TempDir
    Path data;

    private final CountingTerminalListener listener = new CountingTerminalListener();
    private final TerminalSettings settings = new TerminalSettings(List.of("/bin/bash", "/bin/sh"), 262_144, 131_072,
            65_536, 1_048_576, 20, GRACE_SECONDS, TIMEOUT_SECONDS, 25, "xterm-256color");
    private LocalTerminalHost host;

    @BeforeEach
    void host() {
        host = new LocalTerminalHost(settings, listener, workspace -> {
            try {
                return Files.createDirectories(data.resolve(workspace));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        host.shutdown();
    }

    @Test
    void attach_clientStopsTakingFrames_ptyReadingPausedUntilItDrains() {
        String terminal = bash();
        RecordingChannel client = new RecordingChannel();
        client.hold = true;
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);

        attachment.input(bytes("head -c 3000000 /dev/zero | tr '\\0' x; echo; echo done-$((2*3))\r"));

        await().atMost(WAIT).until(() -> listener.pauses.get() > 0);
        long held = info(terminal).offset();
        assertThat(held).isLessThanOrEqualTo(settings.ringBytes());
        assertThat(client.size()).isLessThan(3_000_000);

        client.release();
        await().atMost(WAIT).until(() -> client.text().contains("done-6"));
        assertThat(info(terminal).offset()).isGreaterThan(3_000_000);
        assertThat(client.size()).isEqualTo((int) info(terminal).offset());
    }

    @Test
    void sweep_clientStuckPastTimeout_disconnectedAsSlow() {
        String terminal = bash();
        RecordingChannel client = new RecordingChannel();
        client.hold = true;
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);
        attachment.input(bytes("echo x\r"));
        await().atMost(WAIT).until(() -> client.nextHeldBytes() >= 0);

        host.sweep(System.nanoTime() + Duration.ofSeconds(TIMEOUT_SECONDS + 1).toNanos());

        assertThat(client.closeCode).isEqualTo(CloseCode.SLOW_CLIENT.code());
        assertThat(info(terminal).clients()).isZero();
        assertThat(listener.detached.get()).isEqualTo(1);
    }

    @Test
    void sweep_noClientPastGrace_terminalClosed() {
        String terminal = bash();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), new RecordingChannel());
        long later = System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS + 1).toNanos();

        host.sweep(later);
        assertThat(host.find("ws-1", terminal)).isPresent();

        attachment.detach();
        host.sweep(System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS + 1).toNanos());
        assertThat(host.find("ws-1", terminal)).isEmpty();
    }

    @Test
    void exit_afterOutput_exitEventThenNormalClose() {
        String terminal = bash();
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);

        attachment.input(bytes("echo last-$((4*4)); exit 7\r"));

        await().atMost(WAIT).until(() -> client.closeCode == CloseCode.NORMAL.code());
        assertThat(client.events()).first().asString().contains("\"attached\"");
        assertThat(client.events()).last().isEqualTo("{\"type\":\"exit\",\"code\":7}");
        assertThat(client.text()).contains("last-16");
        assertThat(info(terminal).state()).isEqualTo(TerminalState.EXITED);
        await().atMost(WAIT).until(() -> listener.ended.get() == 1);
    }

    @Test
    void snapshot_runningShell_ringOffsetsAndCurrentDirectory() throws Exception {
        Files.createDirectories(data.resolve("ws-1/sub"));
        String terminal = bash();
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);
        attachment.input(bytes("cd sub; echo here-$((5*5))\r"));
        await().atMost(WAIT).until(() -> client.text().contains("here-25"));

        TerminalSnapshot snapshot = host.terminal("ws-1", terminal).orElseThrow().snapshot(0);

        assertThat(snapshot.currentCwd()).endsWith("/sub");
        assertThat(snapshot.startCwd()).isEqualTo(".");
        assertThat(snapshot.offset()).isEqualTo(info(terminal).offset());
        assertThat(new String(snapshot.ring(), StandardCharsets.UTF_8)).contains("here-25");
        assertThat(snapshot.cols()).isEqualTo(80);
    }

    @Test
    void input_andAttach_reportedAsWorkspaceActivity() {
        String terminal = bash();
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.of(0), client);
        attachment.input(bytes("echo a\r"));

        assertThat(listener.attached.get()).isEqualTo(1);
        assertThat(listener.reattaches.get()).isEqualTo(1);
        assertThat(listener.active.get()).isPositive();
        await().atMost(WAIT).until(() -> listener.input.get() >= 7);
    }

    private String bash() {
        return host.create("ws-1", new TerminalSpec("/bin/bash", null, 80, 24, Map.of())).id();
    }

    private TerminalInfo info(String terminal) {
        return host.find("ws-1", terminal).orElseThrow();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
