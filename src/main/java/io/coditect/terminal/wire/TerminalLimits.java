package io.coditect.terminal.wire;

/** Fixed bounds of the protocol (the configurable limits are in {@link TerminalSettings}). */
public final class TerminalLimits {
    public static final int MIN_COLS = 2;
    public static final int MAX_COLS = 1000;
    public static final int MIN_ROWS = 1;
    public static final int MAX_ROWS = 500;
    public static final int MAX_ENV_ENTRIES = 64;
    public static final int MAX_ENV_VALUE_CHARS = 4096;
    /** Control messages (text frames) one client may send a second, with bursts of as many; more are refused. */
    public static final int MAX_CONTROL_FRAMES_PER_SECOND = 30;
    /**
     * Events one client may have waiting (refusals of its frames it has not read yet): a client
     * that provokes more is closed with 1008 {@code too_many_events}, so it cannot make the server
     * queue without limit.
     */
    public static final int MAX_QUEUED_EVENTS = 64;
    /** The close reason for a client that let {@link #MAX_QUEUED_EVENTS} pile up. */
    public static final String TOO_MANY_EVENTS = "too_many_events";

    private TerminalLimits() {
    }
}
