package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.terminal.ClientChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The relay's flow control and endings, with the link to the agent and the client's connection
 * replaced by recorders whose sends complete only when the test says so.
 */
class RemoteAttachmentTest {
    private static final int WINDOW_FRAMES = 4;
    private static final long WINDOW_BYTES = 256 * 1024;
    private static final int PART = CreditWindow.PART_BYTES;
    private final RecordingWebSocket link = new RecordingWebSocket();
    private final Client client = new Client();
    private final Events events = new Events();
    private final RemoteAttachment attachment = attachment(client, events, new CreditWindow(WINDOW_FRAMES, WINDOW_BYTES));

    RemoteAttachmentTest() {
        attachment.register(() -> { });
        attachment.link().onOpen(link);
    }

    private static RemoteAttachment attachment(Client client, Events events, CreditWindow window) {
        return new RemoteAttachment("ws-0123456789ab", "t-0123456789ab", client, events, window, Duration.ofMillis(300));
    }

    @Test
    void onOpen_asksForTheWholeWindow_notOneFrame() {
        assertThat(link.requested).isEqualTo(WINDOW_FRAMES);
    }

    @Test
    void onBinary_clientBehind_neverMoreThanTheWindowFramesOutstanding_refillsAsTheClientDrains() {
        for (int i = 0; i < WINDOW_FRAMES; i++) {
            attachment.link().onBinary(link, bytes("frame" + i));
        }
        // The client took none: every asked-for frame arrived and is held, nothing more is asked for.
        assertThat(client.sent).containsExactly("frame0");
        assertThat(link.requested).isEqualTo(WINDOW_FRAMES);
        assertThat(events.heldFrames()).isEqualTo(WINDOW_FRAMES);
        assertThat(events.buffered).isEqualTo(4 * 6);

        client.complete(null);

        assertThat(link.requested).as("one more once the client took one").isEqualTo(WINDOW_FRAMES + 1);
        assertThat(client.sent).containsExactly("frame0", "frame1");
        client.complete(null);
        client.complete(null);
        client.complete(null);
        assertThat(client.sent).containsExactly("frame0", "frame1", "frame2", "frame3");
        assertThat(link.requested).isEqualTo(2 * WINDOW_FRAMES);
        assertThat(events.buffered).isZero();
        assertThat(events.sent).isEqualTo(4 * 6);
    }

    @Test
    void onBinary_bigParts_neverMoreThanTheWindowBytesOutstanding() {
        RecordingWebSocket bytesLink = new RecordingWebSocket();
        Client slow = new Client();
        Events counted = new Events();
        // Room for 8 frames but only 3 parts' worth of bytes.
        RemoteAttachment bounded = attachment(slow, counted, new CreditWindow(8, 3L * PART));
        bounded.link().onOpen(bytesLink);
        assertThat(bytesLink.requested).isEqualTo(3);

        for (int i = 0; i < 40; i++) {
            if (bytesLink.delivered < bytesLink.requested) {
                bounded.link().onBinary(bytesLink, ByteBuffer.allocate(PART));
                bytesLink.delivered++;
            }
            assertThat(counted.buffered + (long) (bytesLink.requested - bytesLink.delivered) * PART)
                    .as("held plus asked for, round %d", i).isLessThanOrEqualTo(3L * PART);
            if (i % 3 == 0 && slow.pending != null) {
                slow.complete(null);
            }
        }
        assertThat(counted.sent).as("the window kept moving").isGreaterThan(5L * PART);
    }

    @Test
    void onPart_aTextFrameOfAnUnfinishedEvent_givesItsDemandBack() {
        attachment.link().onPart(link);
        assertThat(link.requested).isEqualTo(WINDOW_FRAMES + 1);
        attachment.link().onText(link, "{\"type\":\"attached\",\"offset\":0,\"truncated\":false}");
        assertThat(client.sent).singleElement().asString().startsWith("{\"type\":\"attached\"");
    }

    @Test
    void input_agentTakesNothingWithinTheSendTimeout_attachmentEndsWith1013_threadFreed() {
        link.sends = new CompletableFuture<>();
        long start = System.nanoTime();

        attachment.input(bytes("ls\r"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(client.sent).singleElement().asString().contains("\"error\":\"agent_unavailable\"");
        client.complete(null);
        assertThat(client.closedWith).isEqualTo(1013);
        assertThat(link.closed).isTrue();
        assertThat(events.input).isZero();
    }

    @Test
    void input_agentTakesIt_counted() {
        attachment.input(bytes("ls\r"));

        assertThat(events.input).isEqualTo(3);
        assertThat(client.closedWith).isZero();
    }

    /** architecture.md, "The server's thread pool": a close frame can park an agent's thread while it writes to the link. */
    @Test
    void detach_whileTheAgentWrites_linkCutWithoutACloseFrame() {
        attachment.link().onBinary(link, bytes("in flight"));

        attachment.detach();

        assertThat(link.closed).as("the link cut (an AgentSocket has no close frame to send)").isTrue();
    }

    @Test
    void drain_afterTheFrameInFlight_reattachEventThenClose1001_nothingMoreAsked() {
        attachment.link().onText(link, "{\"type\":\"attached\",\"offset\":10,\"truncated\":false}");
        client.complete(null);
        attachment.link().onBinary(link, bytes("0123456789"));

        assertThat(attachment.drain()).isTrue();
        assertThat(client.closedWith).isZero();
        client.complete(null);
        int asked = link.requested;

        assertThat(client.sent).last().isEqualTo("{\"type\":\"reattach\",\"reason\":\"draining\"}");
        client.complete(null);
        assertThat(client.closedWith).isEqualTo(1001);
        assertThat(link.requested).isEqualTo(asked);
        assertThat(link.closed).isTrue();
        assertThat(events.finishedAt).isEqualTo(20);
        assertThat(attachment.drain()).isFalse();
    }

    @Test
    void onError_agentGone_errorEventThenClose1013() {
        attachment.link().onError(link, new IOException("connection reset"));

        assertThat(client.sent).singleElement().asString().contains("\"error\":\"agent_unavailable\"");
        client.complete(null);
        assertThat(client.closedWith).isEqualTo(1013);
    }

    @Test
    void onClose_agentStopping_toldToComeBack_agentsExitPassedOn() {
        attachment.link().onClose(link, 1001, "");
        client.complete(null);
        assertThat(client.closedWith).isEqualTo(1013);

        Client other = new Client();
        RemoteAttachment exited = attachment(other, new Events(), new CreditWindow(WINDOW_FRAMES, WINDOW_BYTES));
        exited.link().onOpen(new RecordingWebSocket());
        exited.link().onClose(link, 1000, "exit");
        assertThat(other.sent).isEmpty();
        assertThat(other.closedWith).isEqualTo(1000);
    }

    @Test
    void refusals_clientReadsNone_atMostTheQueuedEventsThenClose1008() {
        // The first refusal is in flight and never completes: the client does not read.
        for (int i = 0; i < io.coditect.terminal.wire.TerminalLimits.MAX_QUEUED_EVENTS; i++) {
            attachment.refuse("malformed_control", "no");
        }
        assertThat(client.closedWith).isZero();

        attachment.refuse("malformed_control", "no");

        assertThat(client.closedWith).isEqualTo(1008);
        assertThat(client.sent).hasSize(1);
        assertThat(link.closed).isTrue();
    }

    @Test
    void stuck_frameUnsentPastTheLimit() {
        attachment.link().onBinary(link, bytes("x"));
        long now = System.nanoTime();

        assertThat(attachment.stuck(now, 60_000_000_000L)).isFalse();
        assertThat(attachment.stuck(now + 61_000_000_000L, 60_000_000_000L)).isTrue();
        client.complete(null);
        assertThat(attachment.stuck(now + 61_000_000_000L, 60_000_000_000L)).isFalse();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The client's connection: records each send and holds its completion until {@link #complete}. */
    private static final class Client implements ClientChannel {
        final List<String> sent = new ArrayList<>();
        private Consumer<Throwable> pending;
        int closedWith;

        @Override
        public void sendOutput(ByteBuffer bytes, Consumer<Throwable> done) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            record(new String(copy, StandardCharsets.UTF_8), done);
        }

        @Override
        public void sendEvent(String json, Consumer<Throwable> done) {
            record(json, done);
        }

        @Override
        public void sendPing(Consumer<Throwable> done) {
            record("(ping)", done);
        }

        private void record(String frame, Consumer<Throwable> done) {
            assertThat(pending).as("one frame in flight at most").isNull();
            sent.add(frame);
            pending = done;
        }

        void complete(Throwable failure) {
            Consumer<Throwable> done = pending;
            pending = null;
            done.accept(failure);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }

    private static final class Events implements RemoteAttachment.Host {
        long buffered;
        long sent;
        long input;
        int frames;
        long finishedAt = Long.MIN_VALUE;

        @Override
        public void sent(int bytes) {
            sent += bytes;
        }

        @Override
        public void input(int bytes) {
            input += bytes;
        }

        @Override
        public void active() {
        }

        @Override
        public void buffered(long delta) {
            buffered += delta;
            frames += Long.signum(delta);
        }

        int heldFrames() {
            return frames;
        }

        @Override
        public void finished(RemoteAttachment attachment, long offset) {
            finishedAt = offset;
        }
    }
}
