package io.coditect.relay;

import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent that {@link HostileAgentGatewayAgentIT} plays for the hostile workspace, behind
 * {@link AgentRouter}: its calm face (the terminal API answered well, so that a terminal gets
 * registered) and its misbehaviours (an endless answer, an upgrade refused with an endless body,
 * silence, a WebSocket upgrade followed by whatever the test writes), with what they prove: how much one endless answer got written, how many
 * upgrades completed.
 */
final class PlayedAgent {
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern TERMINAL_PATH = Pattern.compile("/workspaces/(ws-[a-z0-9]+)/terminals/(t-[a-z0-9]+)");
    /** What the hostile agent offers as one answer: far beyond the gateway's 1 MiB cap. */
    static final long HUGE_BYTES = 256L * 1024 * 1024;

    private final AtomicInteger madeTerminals = new AtomicInteger();
    /** The most one endless answer got written before the gateway hung up. */
    private final AtomicLong mostOffered = new AtomicLong();
    /** WebSocket upgrades the test's agent completed: proof that an attach got past the handshake. */
    private final AtomicInteger upgrades = new AtomicInteger();
    private volatile String hostile;

    /** The workspace this agent serves, named in the terminals it describes. */
    void workspace(String workspaceId) {
        this.hostile = workspaceId;
    }

    long mostOffered() {
        return mostOffered.get();
    }

    /** Starts {@link #mostOffered} again, for a case that measures its own endless answers. */
    void forgetOffers() {
        mostOffered.set(0);
    }

    int upgrades() {
        return upgrades.get();
    }

    /** Misbehaves on the attach WebSocket only: the terminal API stays well-behaved. */
    AgentRouter.Hostile onUpgrade(AgentRouter.Hostile onWebSocket) {
        return (connection, head) -> {
            if (isUpgrade(head)) {
                onWebSocket.serve(connection, head);
            } else {
                wellBehaved(connection, head);
            }
        };
    }

    /** An answer that claims to be JSON and never ends (until the gateway hangs up, or the offer is spent). */
    void endlessAnswer(Socket connection, String head) throws IOException {
        endless(connection, "HTTP/1.1 200 OK");
    }

    /** Refuses a WebSocket upgrade with a 403 whose body never ends (until the gateway hangs up, or the offer is spent). */
    void endlessRefusal(Socket connection, String head) throws IOException {
        endless(connection, "HTTP/1.1 403 Forbidden");
    }

    private void endless(Socket connection, String statusLine) throws IOException {
        OutputStream out = connection.getOutputStream();
        out.write((statusLine + "\r\nContent-Type: application/json\r\n\r\n[").getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = "{\"id\":\"t-aaaaaaaaaaaa\"},".repeat(2048).getBytes(StandardCharsets.UTF_8);
        long sent = 0;
        try {
            while (sent < HUGE_BYTES) {
                out.write(chunk);
                sent += chunk.length;
            }
            out.flush();
        } finally {
            long written = sent;
            mostOffered.accumulateAndGet(written, Math::max);
        }
    }

    /** Refuses a WebSocket upgrade as an agent does for a terminal it does not have: 404 with its error code. */
    static void terminalNotFound(Socket connection, String head) throws IOException {
        answer(connection.getOutputStream(), 404, "{\"error\":\"terminal_not_found\",\"message\":\"Terminal not found\"}");
    }

    /** Reads nothing, answers nothing, until the gateway gives up on the connection. */
    static void silent(Socket connection, String head) {
        hold(connection);
    }

    /** Keeps the connection open without reading, up to a minute (a hang guard). */
    static void hold(Socket connection) {
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!connection.isClosed() && System.nanoTime() < until) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The hostile agent's calm face: answers the terminal API well, so that a terminal gets registered. */
    void wellBehaved(Socket connection, String head) throws IOException {
        readBody(connection.getInputStream(), head);
        String target = head.substring(0, head.indexOf("\r\n"));
        Matcher terminal = TERMINAL_PATH.matcher(target);
        OutputStream out = connection.getOutputStream();
        if (target.startsWith("POST ")) {
            answer(out, 201, terminalJson(String.format("t-%012x", madeTerminals.incrementAndGet())));
        } else if (terminal.find()) {
            answer(out, 200, terminalJson(terminal.group(2)));
        } else {
            answer(out, 200, "[" + terminalJson("t-" + "a".repeat(12)) + "]");
        }
    }

    private String terminalJson(String terminalId) {
        String now = Instant.now().toString();
        return Json.createObjectBuilder().add("id", terminalId).add("workspaceId", hostile).add("shell", "/bin/bash")
                .add("cwd", "/workspace").add("cols", 80).add("rows", 24).add("status", "running")
                .add("ringStart", 0).add("offset", 0).add("clients", 0).add("createdAt", now).add("lastActiveAt", now)
                .build().toString();
    }

    private static void answer(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void readBody(InputStream in, String head) throws IOException {
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
    }

    /** Completes a WebSocket upgrade as an agent would. */
    void upgrade(Socket connection, String head) throws IOException {
        Matcher key = Pattern.compile("(?im)^sec-websocket-key:\\s*(\\S+)").matcher(head);
        if (!key.find()) {
            throw new IOException("not an upgrade");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key.group(1) + WS_GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        connection.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        connection.getOutputStream().flush();
        upgrades.incrementAndGet();
    }

    static boolean isUpgrade(String head) {
        return head.toLowerCase(Locale.ROOT).contains("\r\nupgrade: websocket");
    }

    static byte[] garbage(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
