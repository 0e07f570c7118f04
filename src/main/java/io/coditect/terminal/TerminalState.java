package io.coditect.terminal;

import java.util.Locale;

/** Whether a terminal's shell still runs; the API shows the lower-case name. */
public enum TerminalState {
    RUNNING, EXITED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
