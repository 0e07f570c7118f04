package io.coditect.terminal;

import java.util.Locale;

/**
 * Whether a terminal's shell still runs, has exited, or was saved before a server restart and comes
 * back with a new shell on the next attach; the API shows the lower-case name.
 */
public enum TerminalState {
    RUNNING, EXITED, RESTORABLE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
