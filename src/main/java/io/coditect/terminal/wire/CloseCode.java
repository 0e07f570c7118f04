package io.coditect.terminal.wire;

import java.util.Arrays;
import java.util.Optional;

/**
 * The WebSocket close codes of the attach protocol (docs/protocol.md), for the local host, the
 * relay and the attach connection alike.
 */
public enum CloseCode {
    /** The shell exited and the client has all of its output. */
    NORMAL(1000, true),
    /** The server is stopping or draining: attach again, with your offset. */
    GOING_AWAY(1001, false),
    /** Not authorized, or a client that broke the protocol's limits. */
    POLICY(1008, true),
    /** A frame larger than the server takes. */
    TOO_BIG(1009, true),
    /** The terminal's server cannot be reached right now: attach again shortly. */
    TRY_AGAIN_LATER(1013, false),
    /** The terminal was deleted, expired or never existed. */
    TERMINAL_CLOSED(4000, true),
    /** The client left a frame unread past the slow-client timeout. */
    SLOW_CLIENT(4001, true);

    private final int code;
    private final boolean relayed;

    CloseCode(int code, boolean relayed) {
        this.code = code;
        this.relayed = relayed;
    }

    public int code() {
        return code;
    }

    /**
     * Whether an agent's close with this code means the same to the client the gateway relays
     * for, and is passed on as is; the others mean the agent itself is going.
     */
    public boolean relayed() {
        return relayed;
    }

    public static Optional<CloseCode> of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
    }
}
