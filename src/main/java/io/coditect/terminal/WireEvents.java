package io.coditect.terminal;

import jakarta.json.Json;

/** The JSON events a server sends to an attached client in text frames. */
public final class WireEvents {
    private WireEvents() {
    }

    /** First frame of every attach: the offset of the next output byte, and whether output was lost. */
    public static String attached(long offset, boolean truncated) {
        return Json.createObjectBuilder()
                .add("type", "attached").add("offset", offset).add("truncated", truncated)
                .build().toString();
    }

    /**
     * The session was restored after a server restart: the output before {@code offset} is the saved
     * output of the earlier shell, and the restored marker line starts at {@code offset}.
     */
    public static String restored(long offset) {
        return Json.createObjectBuilder().add("type", "restored").add("offset", offset).build().toString();
    }

    /** The shell ended, after its last output byte. */
    public static String exit(int code) {
        return Json.createObjectBuilder().add("type", "exit").add("code", code).build().toString();
    }

    /**
     * The server is going away (a gateway draining for shutdown): re-attach with your offset, which
     * another server answers; a close 1001 follows.
     */
    public static String reattach(String reason) {
        return Json.createObjectBuilder().add("type", "reattach").add("reason", reason).build().toString();
    }

    /** A refused frame or a failure; the connection stays open unless a close follows. */
    public static String error(String code, String message) {
        return Json.createObjectBuilder()
                .add("type", "error").add("error", code).add("message", message)
                .build().toString();
    }
}
