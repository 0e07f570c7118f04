package io.coditect.platform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which part of the product this server plays ({@code coditect.role}). */
public enum Role {
    /** Everything in one process: local workspaces, local PTYs, the embedded store. */
    STANDALONE,
    /** Stateless front door on Kubernetes: auth, workspace API, routing to agents. */
    GATEWAY,
    /** Inside one workspace pod: the PTYs and {@code /workspace}. */
    AGENT;

    public static Role parse(String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(role -> role.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("coditect.role must be one of "
                        + Arrays.stream(values()).map(Role::configValue).collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
