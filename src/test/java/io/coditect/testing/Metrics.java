package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's metrics as Prometheus scrapes them ({@code /metrics}). A metric the server does not
 * report fails the test: a renamed or unregistered gauge must not read as 0 and pass a bound.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * The value of {@code name} (its Prometheus name, e.g. {@code coditect_gateway_slow_clients_total})
     * at the test server whose HTTP address is {@code server}, read from its management port.
     */
    public static double value(URI server, String name) {
        String body = Api.at(Api.managementUri(server)).get("/metrics", (String) null).body();
        return parse(body, name, server);
    }

    static double parse(String body, String name, URI server) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$").matcher(body);
        if (!value.find()) {
            fail("%s does not report the metric %s", server, name);
        }
        return Double.parseDouble(value.group(2));
    }

    /** Samples {@code probe} every 200 ms for {@code period}: every sample, in order (at least two). */
    public static List<Long> sample(LongSupplier probe, Duration period) {
        List<Long> samples = new ArrayList<>();
        long end = System.nanoTime() + period.toNanos();
        do {
            samples.add(probe.getAsLong());
            sleep(200);
        } while (System.nanoTime() < end || samples.size() < 2);
        return List.copyOf(samples);
    }

    /**
     * The most a loopback TCP connection can hold unread, both ends' kernel buffers at their
     * largest ({@code tcp_rmem} and {@code tcp_wmem} maxima): what a stalled client's connection
     * absorbs before the server's own flow control has anything to hold back.
     */
    public static long loopbackConnectionBytes() {
        return maxOf("/proc/sys/net/ipv4/tcp_rmem") + maxOf("/proc/sys/net/ipv4/tcp_wmem");
    }

    private static long maxOf(String file) {
        try {
            // procfs reports a size of 0: read it as a stream, not by its size.
            String[] fields = String.join(" ", Files.readAllLines(Path.of(file))).trim().split("\\s+");
            assertThat(fields).as(file).hasSize(3);
            return Long.parseLong(fields[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
