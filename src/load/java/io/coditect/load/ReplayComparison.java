package io.coditect.load;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The exact check at the end of a user's session: a second client attaches at the offset of the
 * first byte the link still holds ({@link TerminalLink#recent()}) and the server's replay of those
 * bytes must equal, byte for byte, what the link received across all its re-attaches.
 */
final class ReplayComparison {
    private final HttpClient http;
    private final URI base;
    private final String workspace;
    private final TerminalLink link;
    private final Supplier<String> token;
    private final Recorder recorder;

    ReplayComparison(HttpClient http, URI base, String workspace, TerminalLink link, Supplier<String> token, Recorder recorder) {
        this.http = http;
        this.base = base;
        this.workspace = workspace;
        this.link = link;
        this.token = token;
        this.recorder = recorder;
    }

    private static String describe(Throwable failure) {
        return failure instanceof WebSocketHandshakeException refused
                ? "refused " + refused.getResponse().statusCode() + " " + refused.getResponse().body()
                : String.valueOf(failure);
    }

    void run() throws InterruptedException {
        ReceivedOutput.Recent recent = link.recent();
        long from = recent.end() - recent.bytes().length;
        ByteArrayOutputStream replay = new ByteArrayOutputStream();
        long[] attachedAt = {-1};
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/workspaces/" + workspace
                + "/terminals/" + link.id() + "/attach?offset=" + from);
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                synchronized (replay) {
                    replay.writeBytes(bytes);
                    replay.notifyAll();
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                String text = data.toString();
                if (text.contains("\"attached\"")) {
                    synchronized (replay) {
                        attachedAt[0] = Long.parseLong(text.replaceAll(".*\"offset\":(\\d+).*", "$1"));
                    }
                }
                webSocket.request(1);
                return null;
            }
        };
        WebSocket socket = null;
        for (int attempt = 1; socket == null; attempt++) {
            try {
                socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token.get())
                        .buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused && refused.getResponse().statusCode() == 404
                        && attempt < 5) {
                    // A replica whose copy of the store has not seen the terminal (GatewayDeployment):
                    // a listing through it reconciles, as for the user's own re-attaches.
                    recorder.error("terminal_unknown_to_replica", true, link.id() + " (replay)");
                    link.refreshRegistry();
                    continue;
                }
                recorder.error("replay_attach_failed", false, link.id() + " " + describe(e.getCause()));
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                recorder.error("replay_attach_failed", false, link.id() + " " + e);
                return;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        synchronized (replay) {
            while (replay.size() < recent.bytes().length && System.nanoTime() < deadline) {
                replay.wait(200);
            }
        }
        socket.abort();
        byte[] got;
        synchronized (replay) {
            got = replay.toByteArray();
        }
        int compared = Math.min(got.length, recent.bytes().length);
        String what = link.id() + " from offset " + from + " attached at " + attachedAt[0] + ": " + got.length
                + " bytes replayed, " + recent.bytes().length + " held";
        if (attachedAt[0] != from || !Arrays.equals(got, 0, compared, recent.bytes(), 0, compared)) {
            recorder.error("replay_differs", false, what);
        } else if (compared < recent.bytes().length) {
            // What came is right, but not all of it within the deadline: slow, not wrong.
            recorder.error("replay_incomplete", false, what + " (the bytes replayed equal those held)");
        }
    }
}
