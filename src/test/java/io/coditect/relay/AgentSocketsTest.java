package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's attach WebSocket client ({@link AgentSockets}) against an agent played on a raw
 * socket: a refused upgrade costs at most its cap and its deadline, whatever the agent offers;
 * frames come only as asked for, in order, the agent's close after them; frames and text messages
 * beyond their caps end the link.
 */
class AgentSocketsTest {
    /** What the played agent offers as a refused upgrade's body. */
    private static final long OFFER_BYTES = 64L * 1024 * 1024;
    /** The handshake deadline of the attempts that should not meet it: short, so the test is. */
    private static final Duration SHORT_DEADLINE = Duration.ofMillis(500);
    /** The deadline of every other attempt: far beyond what a loaded machine needs. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final AgentSockets sockets = new AgentSockets();
    private final PlayedAgent played = new PlayedAgent();
    private final Events events = new Events();
    private ServerSocket server;

    AgentSocketsTest() {
        sockets.start();
    }

    @AfterEach
    void stop() throws IOException {
        sockets.stop();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void refusedUpgrade_endlessBody_failsNearTheCap_connectionCut() throws Exception {
        AtomicLong written = new AtomicLong();
        CompletableFuture<AgentSocket> attempt = open((connection, head) -> {
            OutputStream out = connection.getOutputStream();
            out.write("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = "{\"error\":\"forbidden\"}".repeat(3000).getBytes(StandardCharsets.US_ASCII);
            while (written.get() < OFFER_BYTES) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        });

        assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AgentSocket.Broken.class).hasMessageContaining("longer than " + AgentSockets.MAX_REFUSAL_BYTES);
        await().atMost(Duration.ofSeconds(30)).until(() -> finished);
        System.out.printf("a refused upgrade's endless body: the gateway hung up after %d KiB of %d MiB offered%n",
                written.get() >> 10, OFFER_BYTES >> 20);
        assertThat(written.get()).as("bytes the agent got written before the gateway hung up (loopback buffers hold some MiB)")
                .isLessThan(OFFER_BYTES / 4);
    }

    @Test
    void refusedUpgrade_errorBody_statusAndBodyKept() throws Exception {
        byte[] body = "{\"error\":\"terminal_not_found\",\"message\":\"no such terminal\"}".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<AgentSocket> attempt = open((connection, head) -> {
            connection.getOutputStream().write(("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            connection.getOutputStream().write(body);
            PlayedAgent.hold(connection);
        });

        Throwable failure = failure(attempt);
        assertThat(failure).isInstanceOf(AgentSocket.Refused.class);
        assertThat(((AgentSocket.Refused) failure).status()).isEqualTo(404);
        assertThat(((AgentSocket.Refused) failure).body()).isEqualTo(body);
    }

    @Test
    void refusedUpgrade_bodyStopsHalfWay_failsByTheDeadline() throws Exception {
        CompletableFuture<AgentSocket> attempt = open((connection, head) -> {
            connection.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 1000\r\n\r\n{\"err"
                    .getBytes(StandardCharsets.ISO_8859_1));
            connection.getOutputStream().flush();
            PlayedAgent.hold(connection);
        }, SHORT_DEADLINE);

        assertThat(failure(attempt)).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("within " + SHORT_DEADLINE);
    }

    @Test
    void frames_onlyAsAskedFor_inOrder_theAgentsCloseAfterThem() throws Exception {
        CompletableFuture<AgentSocket> attempt = open((connection, head) -> {
            played.upgrade(connection, head);
            OutputStream out = connection.getOutputStream();
            out.write(frame(0x9, "are you there".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < 5; i++) {
                out.write(frame(0x2, ("out" + i).getBytes(StandardCharsets.US_ASCII)));
            }
            // An event in two frames, then the agent's close, then the connection ends.
            out.write(frame(0x1, false, "{\"type\":\"ex".getBytes(StandardCharsets.US_ASCII)));
            out.write(frame(0x0, true, "it\",\"code\":0}".getBytes(StandardCharsets.US_ASCII)));
            out.write(frame(0x8, new byte[] {0x0F, (byte) 0xA1, 'e', 'x', 'i', 't'}));
            out.flush();
            pongs = readFrameOpcode(connection);
            connection.close();
        });
        AgentSocket socket = attempt.get(30, TimeUnit.SECONDS);

        socket.request(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.seen.size() == 2);
        assertThat(events.seen).containsExactly("ping", "binary out0");
        await().atMost(Duration.ofSeconds(30)).until(() -> pongs == 0xA);
        Thread.sleep(300);
        assertThat(events.seen).as("frames passed on without being asked for").hasSize(2);

        socket.request(100);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.seen.size() == 9);
        assertThat(events.seen).containsExactly("ping", "binary out0", "binary out1", "binary out2", "binary out3",
                "binary out4", "part", "text {\"type\":\"exit\",\"code\":0}", "close 4001 exit");
    }

    @Test
    void frameBeyondTheCap_broken() throws Exception {
        AgentSocket socket = open((connection, head) -> {
            played.upgrade(connection, head);
            connection.getOutputStream().write(new byte[] {(byte) 0x82, 127});
            connection.getOutputStream().write(ByteBuffer.allocate(8).putLong(AgentSockets.MAX_FRAME_BYTES + 1L).array());
            connection.getOutputStream().write(new byte[AgentSockets.MAX_FRAME_BYTES + 1]);
            PlayedAgent.hold(connection);
        }).get(30, TimeUnit.SECONDS);

        socket.request(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.error != null);
        assertThat(events.error).isInstanceOf(AgentSocket.Broken.class);
        assertThat(events.seen).containsExactly("error");
    }

    @Test
    void textMessageInPartsBeyondTheCap_broken() throws Exception {
        byte[] part = "x".repeat(AgentSockets.MAX_TEXT_BYTES / 2).getBytes(StandardCharsets.US_ASCII);
        AgentSocket socket = open((connection, head) -> {
            played.upgrade(connection, head);
            OutputStream out = connection.getOutputStream();
            out.write(frame(0x1, false, part));
            out.write(frame(0x0, false, part));
            out.write(frame(0x0, false, part));
            out.flush();
            PlayedAgent.hold(connection);
        }).get(30, TimeUnit.SECONDS);

        socket.request(10);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.error != null);
        assertThat(events.error).isInstanceOf(AgentSocket.Broken.class).hasMessageContaining("text message longer than");
        assertThat(events.seen).containsExactly("part", "part", "error");
    }

    // ---- the played agent -----------------------------------------------------------------------

    private volatile boolean finished;
    private volatile int pongs;

    private CompletableFuture<AgentSocket> open(AgentRouter.Hostile agent) throws IOException {
        return open(agent, DEADLINE);
    }

    private CompletableFuture<AgentSocket> open(AgentRouter.Hostile agent, Duration deadline) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket connection = server.accept()) {
                agent.serve(connection, AgentRouter.readHead(connection.getInputStream()));
            } catch (IOException e) {
                // The gateway hung up: what a cap or a deadline does.
            } finally {
                finished = true;
            }
        });
        URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/attach");
        return sockets.open(uri, Map.of("Authorization", "Bearer credential"), deadline, events);
    }

    private static Throwable failure(CompletableFuture<AgentSocket> attempt) {
        try {
            attempt.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the attempt did not fail by itself", e);
        }
        throw new AssertionError("the attempt succeeded");
    }

    private static byte[] frame(int opcode, byte[] payload) {
        return frame(opcode, true, payload);
    }

    /** An unmasked frame, as a server sends it. */
    private static byte[] frame(int opcode, boolean last, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 10);
        frame.put((byte) ((last ? 0x80 : 0) | opcode));
        if (payload.length < 126) {
            frame.put((byte) payload.length);
        } else {
            frame.put((byte) 126).putShort((short) payload.length);
        }
        frame.put(payload).flip();
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    /** The opcode of the next frame the gateway sends. */
    private static int readFrameOpcode(Socket connection) throws IOException {
        return new DataInputStream(connection.getInputStream()).readUnsignedByte() & 0x0F;
    }

    /** What the listener heard, in order. */
    private static final class Events implements AgentSocket.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile Throwable error;

        @Override
        public void onOpen(AgentSocket socket) {
        }

        @Override
        public void onBinary(AgentSocket socket, ByteBuffer data) {
            seen.add("binary " + StandardCharsets.US_ASCII.decode(data));
        }

        @Override
        public void onText(AgentSocket socket, String message) {
            seen.add("text " + message);
        }

        @Override
        public void onPing(AgentSocket socket) {
            seen.add("ping");
        }

        @Override
        public void onPart(AgentSocket socket) {
            seen.add("part");
        }

        @Override
        public void onClose(AgentSocket socket, int statusCode, String reason) {
            seen.add("close " + statusCode + " " + reason);
        }

        @Override
        public void onError(AgentSocket socket, Throwable failure) {
            error = failure;
            seen.add("error");
        }
    }
}
