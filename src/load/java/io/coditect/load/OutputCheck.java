package io.coditect.load;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a terminal's output stream, as it arrives across every re-attach, for the numbered lines
 * of the jobs the load tool started: each job prints {@code <tag> <n>} for n = 1, 2, ... and then
 * {@code END <tag> <count>}. A number seen twice or out of order is a duplicate, a number skipped (or
 * missing at the end) is a loss. What a carriage return overwrote is not part of a line, so the
 * shell's own control sequences before a line (bracketed paste) do not hide it.
 */
final class OutputCheck {
    private static final int MAX_LINE = 256;

    private final byte[] line = new byte[MAX_LINE];
    private int length;
    private boolean overlong;
    private final Map<String, Job> jobs = new HashMap<>();
    private long lostLines;
    private long duplicateLines;
    private final java.util.function.BiConsumer<String, String> problems;

    OutputCheck() {
        this((code, detail) -> { });
    }

    /** {@code problems} hears of each loss or duplicate as it is found: its code and what was seen. */
    OutputCheck(java.util.function.BiConsumer<String, String> problems) {
        this.problems = problems;
    }

    private static final class Job {
        private final long expected;
        private long last;
        private boolean ended;

        Job(long expected) {
            this.expected = expected;
        }
    }

    /** A job with this tag will print {@code expected} numbered lines. */
    synchronized void expect(String tag, long expected) {
        jobs.put(tag, new Job(expected));
    }

    synchronized void accept(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (!overlong) {
                    line(visible());
                }
                length = 0;
                overlong = false;
            } else if (length < MAX_LINE) {
                line[length++] = b;
            } else {
                overlong = true;
            }
        }
    }

    /** The line as the terminal shows it: after its last carriage return (a trailing one dropped). */
    private String visible() {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        int start = 0;
        for (int i = end - 1; i >= 0; i--) {
            if (line[i] == '\r') {
                start = i + 1;
                break;
            }
        }
        return new String(line, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private void line(String text) {
        if (text.startsWith("END ")) {
            String[] parts = text.split(" ");
            Job job = parts.length == 3 ? jobs.get(parts[1]) : null;
            if (job != null && !job.ended) {
                job.ended = true;
                if (job.last < job.expected) {
                    lostLines += job.expected - job.last;
                    problems.accept("lines_lost", parts[1] + " ended after line " + job.last + " of " + job.expected);
                }
            }
            return;
        }
        int space = text.indexOf(' ');
        if (space <= 0 || text.charAt(0) != 'J') {
            return;
        }
        Job job = jobs.get(text.substring(0, space));
        if (job == null) {
            return;
        }
        long number = 0;
        int digits = 0;
        for (int i = space + 1; i < text.length() && Character.isDigit(text.charAt(i)) && digits < 18; i++, digits++) {
            number = number * 10 + (text.charAt(i) - '0');
        }
        if (digits == 0) {
            return;
        }
        if (job.ended || number <= job.last) {
            duplicateLines++;
            problems.accept("lines_duplicated", text + " after line " + job.last);
        } else {
            if (number > job.last + 1) {
                lostLines += number - job.last - 1;
                problems.accept("lines_lost", text + " after line " + job.last);
            }
            job.last = number;
        }
    }

    /** Whether the job printed its end line. */
    synchronized boolean ended(String tag) {
        Job job = jobs.get(tag);
        return job != null && job.ended;
    }

    /** Whether any line of the job arrived. */
    synchronized boolean started(String tag) {
        Job job = jobs.get(tag);
        return job != null && (job.last > 0 || job.ended);
    }

    synchronized void forget(String tag) {
        jobs.remove(tag);
    }

    synchronized long lostLines() {
        return lostLines;
    }

    synchronized long duplicateLines() {
        return duplicateLines;
    }
}
