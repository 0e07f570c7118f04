package io.coditect.bench;

import io.coditect.testing.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own timing of a terminal's start-up steps: the {@code coditect.terminals.phase-time}
 * timers (one per {@code phase} tag) read from {@code /metrics}; the difference of two readings
 * gives the mean time of each step in between.
 */
final class ServerPhases {
    private static final Pattern LINE = Pattern.compile(
            "^coditect_terminals_phase_time_seconds_(sum|count)\\{[^}]*phase=\"([^\"]+)\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ServerPhases(URI base) {
        this.metrics = Api.managementUri(base).resolve("/metrics?scope=application");
    }

    /** Per phase: total seconds and count so far. */
    record Reading(Map<String, double[]> phases) {
        /** Mean milliseconds of {@code phase} between {@code earlier} and this reading; NaN if it did not occur. */
        double meanMillisSince(Reading earlier, String phase) {
            double[] now = phases.getOrDefault(phase, new double[2]);
            double[] before = earlier.phases.getOrDefault(phase, new double[2]);
            double count = now[1] - before[1];
            return count == 0 ? Double.NaN : (now[0] - before[0]) / count * 1000;
        }
    }

    Reading read() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metrics + " answered " + response.statusCode() + ": " + response.body());
        }
        String body = response.body();
        Map<String, double[]> phases = new HashMap<>();
        Matcher line = LINE.matcher(body);
        while (line.find()) {
            phases.computeIfAbsent(line.group(2), p -> new double[2])[line.group(1).equals("sum") ? 0 : 1] =
                    Double.parseDouble(line.group(3));
        }
        // Empty until the server's first terminal: the timers are registered with the terminal host, which starts then.
        return new Reading(phases);
    }
}
