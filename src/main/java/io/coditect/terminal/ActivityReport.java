package io.coditect.terminal;

/**
 * Reports a terminal's use (input, output, attaches) to whoever tracks workspace activity, at most
 * once a second: a busy terminal must not report every keystroke.
 */
public final class ActivityReport {
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final Runnable report;
    private volatile long lastNanos;

    public ActivityReport(Runnable report) {
        this.report = report;
    }

    /** The terminal was used just now. */
    public void touch() {
        long now = System.nanoTime();
        if (now - lastNanos >= EVERY_NANOS) {
            lastNanos = now;
            report.run();
        }
    }
}
