package io.coditect.auth;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/** One named limit: at most {@code requests} calls per {@code period} for each caller, refilled evenly. */
public record RateLimit(String name, int requests, Duration period) {
    public RateLimit {
        if (requests < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate limit " + name + " needs requests >= 1 and a positive period");
        }
    }

    /** The limit {@code name} from {@code coditect.rate-limit.<name>.requests} and {@code .period-seconds}. */
    public static RateLimit fromConfig(Config config, String name) {
        String prefix = "coditect.rate-limit." + name + ".";
        return new RateLimit(name, config.getValue(prefix + "requests", Integer.class),
                Duration.ofSeconds(config.getValue(prefix + "period-seconds", Long.class)));
    }
}
