package io.coditect.audit;

import io.coditect.platform.Immutable;
import io.coditect.store.KeyLayout;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The audit trail's settings (docs/configuration.md, "Audit trail"). */
@Immutable
public class AuditSettings {
    private final Duration retention;
    private final String replica;
    private final double refusalsPerSecond;

    @Inject
    public AuditSettings(@ConfigProperty(name = "coditect.audit.retention-days", defaultValue = "90") int retentionDays,
                         @ConfigProperty(name = "coditect.audit.replica") Optional<String> replica,
                         @ConfigProperty(name = "coditect.audit.max-refusals-per-second", defaultValue = "20")
                         double refusalsPerSecond) {
        this(Duration.ofDays(retentionDays), replica.filter(name -> !name.isBlank()).orElseGet(AuditSettings::hostName),
                refusalsPerSecond);
    }

    /** Settings with the default refusal budget. */
    public AuditSettings(Duration retention, String replica) {
        this(retention, replica, 20);
    }

    public AuditSettings(Duration retention, String replica, double refusalsPerSecond) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("coditect.audit.retention-days must be at least 1");
        }
        this.retention = retention;
        this.replica = replica;
        this.refusalsPerSecond = refusalsPerSecond;
    }

    /** How long events are kept. */
    public Duration retention() {
        return retention;
    }

    /**
     * Where expired events begin in the newest-first key order, as of {@code nowMillis}: every
     * key from this position on is older than the retention (the global log's clear and each
     * workspace index's trim both start here).
     */
    public long expiredFrom(long nowMillis) {
        return KeyLayout.newestFirst(nowMillis - retention.toMillis());
    }

    /** How many refusals (401, 403) one server records a second ({@link RefusalBudget}). */
    public double refusalsPerSecond() {
        return refusalsPerSecond;
    }

    /** The name this server gives itself in events: on Kubernetes the pod's name. */
    public String replica() {
        return replica;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
