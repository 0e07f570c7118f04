package io.coditect.terminal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.terminal.Attachment;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.RecordingRequest;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalTap;
import io.coditect.terminal.persistence.SessionPersistence;
import io.coditect.testing.RecordingChannel;
import io.coditect.testing.SilentTerminalListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording hook with real bash on a real PTY: the tap sees the output stream exactly as a
 * client gets it (its announcement first), the input written and the resizes, and is closed when
 * the shell ends.
 */
class TerminalTapTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] ANNOUNCEMENT = "\r\n[recorded]\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path data;

    private final TerminalSettings settings = new TerminalSettings(List.of("/bin/bash"), 262_144, 131_072,
            65_536, 1_048_576, 20, 1800, 30, 25, "xterm-256color");
    private final Tap tap = new Tap();
    private final List<String> opened = new ArrayList<>();
    private LocalTerminalHost host;

    @BeforeEach
    void host() {
        TerminalTap.Factory taps = new TerminalTap.Factory() {
            @Override
            public TerminalTap open(String workspaceId, String terminalId, int cols, int rows, RecordingRequest requested) {
                synchronized (opened) {
                    opened.add(workspaceId + "/" + terminalId + " " + cols + "x" + rows);
                }
                return tap;
            }

            @Override
            public TerminalTap reopen(String workspaceId, String terminalId, int cols, int rows) {
                return open(workspaceId, terminalId, cols, rows, null);
            }
        };
        host = new LocalTerminalHost(settings, new SilentTerminalListener(), workspace -> {
            try {
                return Files.createDirectories(data.resolve(workspace));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Clock.systemUTC(), SessionPersistence.NONE, taps);
    }

    @AfterEach
    void stop() {
        host.shutdown();
    }

    @Test
    void session_tapSeesWhatTheClientGets_inputResizesAndTheEnd() {
        TerminalInfo terminal = host.create("ws-1", new TerminalSpec("/bin/bash", null, 80, 24, Map.of()));
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal.id(), OptionalLong.of(0), client);

        attachment.input(bytes("printf 'tapped-%s\\n' $((6*7))\r"));
        await().atMost(WAIT).until(() -> client.text().contains("tapped-42"));
        attachment.resize(100, 30);
        attachment.input(bytes("exit\r"));
        await().atMost(WAIT).until(() -> tap.closed() > 0);
        await().atMost(WAIT).until(() -> client.events().stream().anyMatch(event -> event.contains("\"exit\"")));

        assertThat(opened).containsExactly("ws-1/" + terminal.id() + " 80x24");
        assertThat(tap.output()).startsWith("\r\n[recorded]\r\n").isEqualTo(client.text()).contains("tapped-42");
        assertThat(tap.input()).isEqualTo("printf 'tapped-%s\\n' $((6*7))\rexit\r");
        assertThat(tap.resizes()).containsExactly("100x30");
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Tap implements TerminalTap {
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final ByteArrayOutputStream input = new ByteArrayOutputStream();
        private final List<String> resizes = new ArrayList<>();
        private int closed;

        @Override
        public byte[] announcement() {
            return ANNOUNCEMENT.clone();
        }

        @Override
        public synchronized void output(ByteBuffer bytes) {
            copy(bytes, output);
        }

        @Override
        public synchronized void input(ByteBuffer bytes) {
            copy(bytes, input);
        }

        private static void copy(ByteBuffer bytes, ByteArrayOutputStream into) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            into.writeBytes(copy);
        }

        @Override
        public synchronized void resize(int cols, int rows) {
            resizes.add(cols + "x" + rows);
        }

        @Override
        public synchronized void close() {
            closed++;
        }

        synchronized String output() {
            return output.toString(StandardCharsets.UTF_8);
        }

        synchronized String input() {
            return input.toString(StandardCharsets.UTF_8);
        }

        synchronized List<String> resizes() {
            return List.copyOf(resizes);
        }

        synchronized int closed() {
            return closed;
        }
    }
}
