package io.coditect.terminal.persistence;

import io.coditect.platform.Immutable;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The saved sessions' settings (docs/configuration.md, "Terminals"): how often a changed terminal
 * session is saved to the store. Checked by {@link TerminalSessions}, which uses it.
 */
@Immutable
public class PersistenceSettings {
    private final Duration saveInterval;

    @Inject
    public PersistenceSettings(@ConfigProperty(name = "coditect.terminal.save-interval-ms") long saveIntervalMillis) {
        this.saveInterval = Duration.ofMillis(saveIntervalMillis);
    }

    /** At most this much of a session is lost when the server dies. */
    public Duration saveInterval() {
        return saveInterval;
    }
}
