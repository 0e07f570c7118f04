package io.coditect.terminal;

/** Fixed bounds of the protocol (the configurable limits are in {@link TerminalSettings}). */
public final class TerminalLimits {
    public static final int MIN_COLS = 2;
    public static final int MAX_COLS = 1000;
    public static final int MIN_ROWS = 1;
    public static final int MAX_ROWS = 500;
    public static final int MAX_ENV_ENTRIES = 64;
    public static final int MAX_ENV_VALUE_CHARS = 4096;

    private TerminalLimits() {
    }
}
