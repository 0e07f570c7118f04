package io.coditect.terminal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.terminal.Attachment;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.wire.CloseCode;
import io.coditect.testing.CountingTerminalListener;
import io.coditect.testing.ProcFs;
import io.coditect.testing.RecordingChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PTY event loop with real bash on real PTYs: reading stops for a client a window behind and
 * starts again at half a window, input the PTY does not take waits in a bounded queue, exits come
 * through the pidfd and are reaped, and terminals cost no thread and leave no descriptor behind.
 */
class PtyEventLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path data;

    private final CountingTerminalListener listener = new CountingTerminalListener();
    private final TerminalSettings settings = new TerminalSettings(List.of("/bin/bash", "/bin/sh"), 262_144, 131_072,
            65_536, 1_048_576, 200, 1800, 30, 25, "xterm-256color");
    private LocalTerminalHost host;

    @BeforeEach
    void host() {
        host = new LocalTerminalHost(settings, listener, workspace -> {
            try {
                return Files.createDirectories(data.resolve(workspace));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        host.shutdown();
    }

    @Test
    void flowControl_clientAWindowBehind_readingStopsUntilItHasDrainedHalf() {
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        client.hold = true;
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);

        attachment.input(bytes("head -c 3000000 /dev/zero | tr '\\0' x; echo; echo done-$((2*3))\r"));
        await().atMost(WAIT).until(() -> listener.pauses.get() > 0);
        long pausedAt = offset("ws-1", terminal);
        assertThat(pausedAt - client.completed()).isGreaterThanOrEqualTo(settings.windowBytes());

        // Completes sends one by one while the client stays more than half a window behind: still paused.
        while (pausedAt - (client.completed() + client.nextHeldBytes()) > settings.windowBytes() / 2) {
            client.releaseOne();
        }
        assertThat(offset("ws-1", terminal)).isEqualTo(pausedAt);

        client.releaseOne();
        await().atMost(WAIT).until(() -> offset("ws-1", terminal) > pausedAt);

        client.release();
        await().atMost(WAIT).until(() -> client.text().contains("done-6"));
        assertThat(client.size()).isEqualTo((int) offset("ws-1", terminal));
        assertThat(listener.pauses.get()).isGreaterThan(1);
    }

    @Test
    void frames_flood_oneInFlightOfUpTo64KiB_thenAnEchoLeavesAlone() {
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        client.hold = true;
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);
        attachment.input(bytes("head -c 1000000 /dev/zero | tr '\\0' x; echo; echo flood-$((8*8))\r"));

        // While a frame is in flight nothing else is sent to this client; what arrives meanwhile waits for the next frame.
        while (!client.text().contains("flood-64")) {
            await().atMost(WAIT).until(() -> client.held() > 0);
            assertThat(client.held()).isEqualTo(1);
            client.releaseOne();
        }
        assertThat(client.outputFrames()).allMatch(size -> size <= TerminalSettings.OUTPUT_FRAME)
                .contains(TerminalSettings.OUTPUT_FRAME);

        client.release();
        await().atMost(WAIT).until(() -> client.text().matches("(?s).*flood-64\\r\\n.*[$#] $"));
        int framesBefore = client.outputFrames().size();
        attachment.input(bytes("z"));
        // The echo is sent by itself, without waiting for more output to fill a frame.
        await().atMost(WAIT).until(() -> client.text().endsWith("z"));
        assertThat(client.outputFrames().subList(framesBefore, client.outputFrames().size())).containsExactly(1);
    }

    @Test
    void flowControl_stalledClientLeaves_readingGoesOn_nextClientGetsTheRest() {
        String terminal = bash("ws-1");
        RecordingChannel stalled = new RecordingChannel();
        stalled.hold = true;
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), stalled);

        attachment.input(bytes("head -c 50000000 /dev/zero | tr '\\0' x; echo; echo flood-$((7*7))\r"));
        await().atMost(WAIT).until(() -> listener.pauses.get() > 0);
        long pausedAt = offset("ws-1", terminal);
        attachment.detach();

        await().atMost(WAIT).until(() -> offset("ws-1", terminal) > pausedAt + 1_000_000);
        RecordingChannel next = new RecordingChannel();
        host.attach("ws-1", terminal, OptionalLong.of(0), next);
        await().atMost(WAIT).until(() -> next.text().contains("flood-49"));
        assertThat(offset("ws-1", terminal)).isGreaterThan(50_000_000L);
    }

    @Test
    void input_ptyNotReading_queuedWholeFramesUntilItReadsThenOverflowRefused() throws Exception {
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);
        attachment.input(bytes("stty raw -echo; echo ready-$((3*3)); sleep 2; cat > sink\r"));
        await().atMost(WAIT).until(() -> client.text().contains("ready-9"));
        int before = listener.input.get();

        byte[] frame = new byte[16 * 1024];
        Arrays.fill(frame, (byte) 'x');
        int accepted = 0;
        for (int i = 0; i < 200 && !refused(client); i++) {
            attachment.input(ByteBuffer.wrap(frame));
            if (!refused(client)) {
                accepted += frame.length;
            }
        }

        assertThat(refused(client)).as("a refusal after %d bytes", accepted).isTrue();
        assertThat(accepted).isGreaterThanOrEqualTo(PtyInput.QUEUE_BYTES);
        assertThat(listener.input.get() - before).isEqualTo(accepted);
        long expected = accepted;
        await().atMost(WAIT).until(() -> Files.exists(data.resolve("ws-1/sink"))
                && Files.size(data.resolve("ws-1/sink")) == expected);
    }

    @Test
    void exit_throughPidfd_exitEventAfterLastOutputAndShellReaped() {
        long pidfds = ProcFs.pidfds(SELF);
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);
        long pid = shellPid(attachment, client);
        assertThat(ProcFs.pidfds(SELF)).isEqualTo(pidfds + 1);
        // The shell holds its terminal (0, 1, 2 and bash's own copy) and none of the server's descriptors.
        assertThat(ProcFs.descriptors(pid)).isLessThanOrEqualTo(4);

        attachment.input(bytes("echo last-$((4*4)); exit 5\r"));

        await().atMost(WAIT).until(() -> client.closeCode == CloseCode.NORMAL.code());
        assertThat(client.events()).last().isEqualTo("{\"type\":\"exit\",\"code\":5}");
        assertThat(client.text()).contains("last-16");
        assertThat(ProcFs.process(pid)).isEmpty();
        assertThat(ProcFs.pidfds(SELF)).isEqualTo(pidfds);
        await().atMost(WAIT).until(() -> listener.ended.get() == 1);
    }

    @Test
    void exit_killedBySignal_codeIs128PlusSignal() {
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);

        attachment.input(bytes("kill -9 $$\r"));

        await().atMost(WAIT).until(() -> client.closeCode == CloseCode.NORMAL.code());
        assertThat(client.events()).last().isEqualTo("{\"type\":\"exit\",\"code\":137}");
        assertThat(host.find("ws-1", terminal).orElseThrow().exitCode()).isEqualTo(137);
    }

    @Test
    void interrupt_foregroundProgram_endsItLikeInAnyTerminal() {
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);
        attachment.input(bytes("awk '/^Sig(Blk|Ign)/ { print $1 $2 }' /proc/self/status; sleep 600\r"));
        await().atMost(WAIT).until(() -> client.text().contains("SigIgn:"));

        attachment.input(bytes("\u0003"));
        attachment.input(bytes("echo after-$((1+1))\r"));

        await().atMost(WAIT).until(() -> client.text().contains("after-2"));
        // The JVM's threads block SIGQUIT; the shell's programs do not inherit that.
        assertThat(client.text()).contains("SigBlk:0000000000000000");
    }

    @Test
    void resize_runningShell_shellSeesTheNewSize() {
        String terminal = bash("ws-1");
        RecordingChannel client = new RecordingChannel();
        Attachment attachment = host.attach("ws-1", terminal, OptionalLong.empty(), client);

        attachment.resize(132, 43);
        attachment.input(bytes("echo size-$(stty size | tr ' ' x)\r"));

        await().atMost(WAIT).until(() -> client.text().contains("size-43x132"));
    }

    @Test
    void manyTerminals_noThreadEach_allReapedAndDescriptorsReleasedAfterDelete() {
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        int descriptors = ProcFs.descriptors(SELF);
        List<String> terminals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            terminals.add(bash("ws-" + (i % 4)));
        }

        // One loop thread and the housekeeping thread were there before the first terminal.
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threads + 2);
        assertThat(ProcFs.children(SELF).stream().filter(p -> p.name().equals("bash")).count()).isGreaterThanOrEqualTo(100);
        for (int i = 0; i < terminals.size(); i += 25) {
            String workspace = "ws-" + (i % 4);
            RecordingChannel client = new RecordingChannel();
            host.attach(workspace, terminals.get(i), OptionalLong.empty(), client).input(bytes("echo hi-$((6*7))\r"));
            await().atMost(WAIT).until(() -> client.text().contains("hi-42"));
        }

        for (int i = 0; i < terminals.size(); i++) {
            assertThat(host.delete("ws-" + (i % 4), terminals.get(i))).isTrue();
        }

        await().atMost(WAIT).until(() -> ProcFs.children(SELF).stream().noneMatch(p -> p.name().equals("bash")));
        assertThat(ProcFs.children(SELF)).noneMatch(ProcFs.Process::zombie);
        await().atMost(WAIT).until(() -> ProcFs.descriptors(SELF) <= descriptors);
        await().atMost(WAIT).until(() -> listener.ended.get() == 100);
    }

    private String bash(String workspace) {
        return host.create(workspace, new TerminalSpec("/bin/bash", null, 80, 24, Map.of())).id();
    }

    private long offset(String workspace, String terminal) {
        return host.find(workspace, terminal).orElseThrow().offset();
    }

    private static long shellPid(Attachment attachment, RecordingChannel client) {
        attachment.input(bytes("echo pid-$$-\r"));
        Pattern pid = Pattern.compile("pid-(\\d+)-");
        await().atMost(WAIT).until(() -> pid.matcher(client.text()).find());
        Matcher found = pid.matcher(client.text());
        found.find();
        return Long.parseLong(found.group(1));
    }

    private static boolean refused(RecordingChannel client) {
        return client.events().stream().anyMatch(event -> event.contains("\"error\":\"" + PtyInput.OVERFLOW_CODE + "\""));
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
