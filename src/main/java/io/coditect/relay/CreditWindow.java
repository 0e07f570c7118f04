package io.coditect.relay;

/**
 * How much one relayed client may have in hand from the agent: the frames the gateway holds for it
 * (queued or in flight to the client) plus those it asked the link for and not yet got. The link is
 * asked for more ({@code WebSocket.request}) only while both bounds hold, and again as the client
 * drains, so the agent keeps streaming while the client takes the previous frames instead of
 * waiting one round trip per frame.
 *
 * <p>The link delivers one of the agent's frames per unit of demand ({@link AgentSocket}), each at
 * most {@link AgentSockets#MAX_FRAME_BYTES} (an agent's largest output frame, 64 KiB). A frame is
 * asked for only while what is held plus every frame asked for, each counted at the largest frame
 * seen so far (at least that maximum, so asking never overshoots), fits in {@code maxBytes}. So a
 * client holds at most {@code maxBytes}: 256 KiB with the defaults (4 frames of 64 KiB ahead). One
 * frame may always be asked for when nothing is held, so a window smaller than a frame still moves.
 *
 * <p>Not thread-safe: its owner's lock guards it.
 */
final class CreditWindow {
    /** What each frame asked for counts as until a larger one came: the largest an agent sends. */
    static final int PART_BYTES = AgentSockets.MAX_FRAME_BYTES;

    private final int maxFrames;
    private final long maxBytes;
    private int asked;
    private int heldFrames;
    private long heldBytes;
    private long largestPart = PART_BYTES;

    CreditWindow(int maxFrames, long maxBytes) {
        if (maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a relay window needs at least one frame and one byte");
        }
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /**
     * One part arrived (it used one unit of demand). {@code held}: the gateway keeps it until
     * {@link #released}; a part that is not kept (a piece of a text message still being assembled,
     * a pong) only gives its unit back.
     */
    void delivered(long bytes, boolean held) {
        asked = Math.max(0, asked - 1);
        largestPart = Math.max(largestPart, bytes);
        if (held) {
            heldFrames++;
            heldBytes += bytes;
        }
    }

    /** A held part was sent to the client or given up. */
    void released(long bytes) {
        heldFrames = Math.max(0, heldFrames - 1);
        heldBytes = Math.max(0, heldBytes - bytes);
    }

    /** How many more parts to ask the link for now; they count as asked from here on. */
    int grant() {
        int more = 0;
        while (fits(more + 1)) {
            more++;
        }
        asked += more;
        return more;
    }

    private boolean fits(int more) {
        int parts = asked + heldFrames + more;
        if (parts == 1) {
            return true;
        }
        return parts <= maxFrames && heldBytes + (long) (asked + more) * largestPart <= maxBytes;
    }

    int heldFrames() {
        return heldFrames;
    }

    long heldBytes() {
        return heldBytes;
    }

    /** Parts asked for and not yet delivered. */
    int asked() {
        return asked;
    }
}
