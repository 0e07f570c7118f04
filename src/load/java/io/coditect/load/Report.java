package io.coditect.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's pictures and slopes, from its CSV files alone (so a run's directory can be drawn again
 * later): {@code latency.svg}, {@code memory.svg}, {@code heap.svg}, {@code threads.svg},
 * {@code fds.svg}, {@code cpu.svg}, {@code store.svg}, {@code activity.svg} and the slope of memory,
 * heap, threads and descriptors of each process after warm-up (least squares, with twice its
 * standard error as the noise band).
 */
final class Report {
    /** A straight-line fit: per hour, with twice its standard error, over {@code minutes}. */
    record Slope(double perHour, double noisePerHour, double minutes, int samples) {
        boolean flat() {
            return Math.abs(perHour) <= noisePerHour;
        }

        String describe(String unit) {
            return samples < 3 ? "n/a" : String.format(Locale.ROOT, "%+.2f ± %.2f %s/h over %.0f min%s", perHour, noisePerHour,
                    unit, minutes, flat() ? " (flat)" : "");
        }
    }

    /** One process of one server (a replica restarted is a new process) and its samples. */
    record Lifetime(String server, String role, String pid, List<double[]> rows) {
    }

    private final Path directory;
    private final double warmupSeconds;
    private final List<String[]> servers;
    private final List<String[]> latency;
    private final List<String[]> activity;
    private final List<String[]> chaos;

    Report(Path directory, double warmupSeconds) throws IOException {
        this.directory = directory;
        this.warmupSeconds = warmupSeconds;
        this.servers = csv("servers.csv");
        this.latency = csv("latency.csv");
        this.activity = csv("activity.csv");
        this.chaos = csv("chaos.csv");
    }

    private List<String[]> csv(String name) throws IOException {
        Path file = directory.resolve(name);
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().skip(1).map(line -> line.split(",", -1)).toList();
    }

    private static double number(String value) {
        return value == null || value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    /** Columns of servers.csv: 0 seconds, 1 server, 2 role, 3 pid, 4 rss, 5 threads, 6 fds, 7 cpu, 8 heap, 9 tx, 10 mean, 11 p99, 12 pressure. */
    List<Lifetime> lifetimes() {
        Map<String, Lifetime> byProcess = new LinkedHashMap<>();
        for (String[] row : servers) {
            if (row[3].isEmpty()) {
                continue;
            }
            double[] values = new double[row.length];
            for (int i = 0; i < row.length; i++) {
                values[i] = i == 1 || i == 2 ? 0 : number(row[i]);
            }
            byProcess.computeIfAbsent(row[1] + "/" + row[3], key -> new Lifetime(row[1], row[2], row[3], new ArrayList<>()))
                    .rows().add(values);
        }
        return List.copyOf(byProcess.values());
    }

    /** The slope of column {@code column} over the process's life after its warm-up. */
    Slope slope(Lifetime lifetime, int column) {
        double start = lifetime.rows().getFirst()[0];
        List<double[]> points = new ArrayList<>();
        for (double[] row : lifetime.rows()) {
            if (row[0] - start >= warmupSeconds && !Double.isNaN(row[column])) {
                points.add(new double[] {row[0] / 3600, row[column]});
            }
        }
        int n = points.size();
        if (n < 3) {
            return new Slope(Double.NaN, Double.NaN, 0, n);
        }
        double meanX = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double meanY = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sxx += (p[0] - meanX) * (p[0] - meanX);
            sxy += (p[0] - meanX) * (p[1] - meanY);
        }
        double slope = sxy / sxx;
        double residual = 0;
        for (double[] p : points) {
            double e = p[1] - meanY - slope * (p[0] - meanX);
            residual += e * e;
        }
        double standardError = Math.sqrt(residual / (n - 2) / sxx);
        return new Slope(slope, 2 * standardError, (points.getLast()[0] - points.getFirst()[0]) * 60, n);
    }

    /** The longest-lived process of each server (for slopes: a restarted replica starts a new line). */
    Map<String, Lifetime> longest() {
        Map<String, Lifetime> longest = new TreeMap<>();
        for (Lifetime lifetime : lifetimes()) {
            longest.merge(lifetime.server(), lifetime, (a, b) -> a.rows().size() >= b.rows().size() ? a : b);
        }
        return longest;
    }

    void charts() throws IOException {
        SvgChart latencyChart = markers(new SvgChart("Echo latency per 10 s window", "ms").logScale());
        for (String[] row : latency) {
            double minute = number(row[0]) / 60;
            latencyChart.point("p50", minute, number(row[2])).point("p99", minute, number(row[3]))
                    .point("p99.9", minute, number(row[4])).point("max", minute, number(row[5]));
        }
        latencyChart.write(directory.resolve("latency.svg"));
        perServer("Resident memory (RSS)", "MiB", 4, "memory.svg");
        perServer("Heap after a full GC", "MiB", 8, "heap.svg");
        perServer("Threads", "threads", 5, "threads.svg");
        perServer("Open file descriptors", "fds", 6, "fds.svg");
        perServer("CPU", "% of one core", 7, "cpu.svg");
        perServer("Store transactions (mean per sample)", "ms", 10, "store.svg");
        SvgChart activityChart = markers(new SvgChart("Users, attached terminals and errors", "count"));
        for (String[] row : activity) {
            double minute = number(row[0]) / 60;
            activityChart.point("users", minute, number(row[1])).point("attached terminals", minute, number(row[2]))
                    .point("unexpected errors", minute, number(row[10])).point("expected errors", minute, number(row[11]));
        }
        activityChart.write(directory.resolve("activity.svg"));
    }

    private SvgChart markers(SvgChart chart) {
        for (String[] event : chaos) {
            if (event[1].equals("drain") || event[1].equals("kill")) {
                chart.marker(number(event[0]) / 60, event[1] + " " + event[2]);
            }
        }
        return chart;
    }

    /** Gateways one line each; agents as their mean and maximum (one agent per user). */
    private void perServer(String title, String unit, int column, String file) throws IOException {
        SvgChart chart = markers(new SvgChart(title, unit));
        Map<Double, List<Double>> agents = new TreeMap<>();
        for (String[] row : servers) {
            double value = row.length > column ? number(row[column]) : Double.NaN;
            if (Double.isNaN(value)) {
                continue;
            }
            double minute = number(row[0]) / 60;
            if (row[2].equals("agent")) {
                if (column == 8 || column == 10) {
                    chart.point(row[1], minute, value);
                } else {
                    agents.computeIfAbsent(minute, key -> new ArrayList<>()).add(value);
                }
            } else {
                chart.point(row[1], minute, value);
            }
        }
        agents.forEach((minute, values) -> {
            chart.point("agents (mean)", minute, values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            chart.point("agents (max)", minute, values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        });
        chart.write(directory.resolve(file));
    }

    /** The slopes table in Markdown: one row per server (its longest-lived process). */
    String slopes() {
        StringBuilder table = new StringBuilder("| server | role | RSS | heap after GC | threads | fds |\n|---|---|---|---|---|---|\n");
        longest().forEach((server, lifetime) -> table.append("| ").append(server).append(" | ").append(lifetime.role()).append(" | ")
                .append(slope(lifetime, 4).describe("MiB")).append(" | ").append(slope(lifetime, 8).describe("MiB")).append(" | ")
                .append(slope(lifetime, 5).describe("")).append(" | ").append(slope(lifetime, 6).describe("")).append(" |\n"));
        return table.toString();
    }

    /** Peak and last RSS, threads, fds, mean CPU per server over the run, in Markdown. */
    String peaks() {
        StringBuilder table = new StringBuilder(
                "| server | role | processes | RSS peak MiB | heap after GC last MiB | threads peak | fds peak | CPU mean % | store tx mean ms |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Lifetime>> byServer = new TreeMap<>();
        for (Lifetime lifetime : lifetimes()) {
            byServer.computeIfAbsent(lifetime.server(), key -> new ArrayList<>()).add(lifetime);
        }
        byServer.forEach((server, lives) -> {
            List<double[]> rows = lives.stream().flatMap(l -> l.rows().stream()).toList();
            double heap = rows.stream().mapToDouble(r -> r[8]).filter(v -> !Double.isNaN(v)).reduce((a, b) -> b).orElse(Double.NaN);
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.1f | %.0f | %.0f | %.1f | %.2f |%n", server,
                    lives.getFirst().role(), lives.size(), max(rows, 4), heap, max(rows, 5), max(rows, 6), mean(rows, 7), mean(rows, 10)));
        });
        return table.toString();
    }

    double meanPressure() {
        return servers.stream().mapToDouble(row -> number(row[12])).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double max(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static double mean(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** Draws a finished run's directory again: {@code Report <directory> [warm-up seconds]}. */
    public static void main(String[] args) throws IOException {
        Report report = new Report(Path.of(args[0]), args.length > 1 ? Double.parseDouble(args[1]) : 300);
        report.charts();
        System.out.print(report.peaks());
        System.out.print(report.slopes());
    }
}
