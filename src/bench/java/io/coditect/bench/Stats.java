package io.coditect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Medians, percentiles and the machine's state around a figure. */
final class Stats {
    private static final Pattern SOME_TOTAL = Pattern.compile("some avg10=([0-9.]+) avg60=[0-9.]+ avg300=[0-9.]+ total=(\\d+)");

    private Stats() {
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String list(List<Double> values, String format) {
        return values.stream().map(value -> String.format(Locale.ROOT, format, value)).toList().toString();
    }

    /**
     * The {@code p}th percentile in ms of {@code total} samples of which {@code answered} (sorted,
     * ns) came back: a percentile that falls among the unanswered ones is infinite.
     */
    static double percentile(long[] answered, long total, double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long index = Math.max(0, (long) Math.ceil(p / 100.0 * total) - 1);
        return index < answered.length ? answered[(int) index] / 1e6 : Double.POSITIVE_INFINITY;
    }

    /** The machine's CPU pressure and load right now, to print before and after each figure. */
    record Machine(long nanos, long stalledMicros, double avg10, String load) {
        static Machine now() {
            long stalled = -1;
            double avg10 = Double.NaN;
            try {
                Matcher matcher = SOME_TOTAL.matcher(Files.readString(Path.of("/proc/pressure/cpu")));
                if (matcher.find()) {
                    avg10 = Double.parseDouble(matcher.group(1));
                    stalled = Long.parseLong(matcher.group(2));
                }
            } catch (IOException e) {
                // No pressure stall information on this kernel: reported as unknown.
            }
            String load;
            try {
                String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
                load = fields[0] + " " + fields[1] + " " + fields[2];
            } catch (IOException e) {
                load = "?";
            }
            return new Machine(System.nanoTime(), stalled, avg10, load);
        }

        /** Pressure over the interval since {@code before}: the share of time some task waited for a CPU. */
        String since(Machine before) {
            double share = stalledMicros < 0 || before.stalledMicros < 0 ? Double.NaN
                    : (stalledMicros - before.stalledMicros) * 1e3 / (nanos - before.nanos) * 100;
            return String.format(Locale.ROOT, "cpu pressure some %.0f %% over the interval (avg10 %.1f before, %.1f after),"
                    + " load %s before, %s after", share, before.avg10, avg10, before.load, load);
        }
    }
}
