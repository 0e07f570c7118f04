package io.coditect.health;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code coditect.health.*} settings (docs/configuration.md, "Store"). */
@Immutable
public class HealthSettings {
    private final Duration storeOutageGrace;

    @Inject
    public HealthSettings(@ConfigProperty(name = "coditect.health.store-outage-grace-seconds") long storeOutageGraceSeconds) {
        this.storeOutageGrace = Duration.ofSeconds(storeOutageGraceSeconds);
    }

    /** How long a gateway stays ready while its shared store does not answer ({@link StoreOutageGrace}). */
    public Duration storeOutageGrace() {
        return storeOutageGrace;
    }
}
