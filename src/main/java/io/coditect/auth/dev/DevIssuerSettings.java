package io.coditect.auth.dev;

import io.coditect.platform.Role;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Whether this server runs the development token issuer, decided from configuration alone so that
 * the issuer and the trust in its key ({@link DevIssuerConfigSource}) always agree.
 */
public record DevIssuerSettings(State state, String operatorKeyProperty, Path keyDirectory) {
    public static final String ENABLED = "coditect.auth.dev-issuer.enabled";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    public enum State {
        /** Mints tokens, and the server trusts its key. */
        ACTIVE,
        /** Not the standalone role: never on. */
        NOT_STANDALONE,
        /** Turned off by {@code coditect.auth.dev-issuer.enabled=false}. */
        DISABLED,
        /** An operator configured an identity provider's key, which alone is trusted. */
        STEPPED_ASIDE
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    public static DevIssuerSettings read(Config config) {
        String operatorKey = operatorKeyProperty(config);
        State state = decide(role(config), config.getOptionalValue(ENABLED, Boolean.class).orElse(true), operatorKey);
        Path dataDir = Path.of(config.getOptionalValue("coditect.data-dir", String.class)
                .orElse(System.getProperty("user.home") + "/.coditect"));
        return new DevIssuerSettings(state, operatorKey, dataDir.toAbsolutePath().normalize().resolve("dev-issuer"));
    }

    static State decide(Role role, boolean enabled, String operatorKeyProperty) {
        if (role != Role.STANDALONE) {
            return State.NOT_STANDALONE;
        }
        if (!enabled) {
            return State.DISABLED;
        }
        return operatorKeyProperty == null ? State.ACTIVE : State.STEPPED_ASIDE;
    }

    private static Role role(Config config) {
        try {
            return Role.parse(config.getOptionalValue("coditect.role", String.class).orElse("standalone"));
        } catch (IllegalArgumentException e) {
            // ServerRole refuses the value at start-up; until then, nothing is trusted.
            return null;
        }
    }

    /** The key property that a source other than the development issuer sets, or null. */
    private static String operatorKeyProperty(Config config) {
        for (String property : List.of(PUBLIC_KEY_LOCATION, PUBLIC_KEY)) {
            for (ConfigSource source : config.getConfigSources()) {
                String value = source instanceof DevIssuerConfigSource ? null : source.getValue(property);
                if (value != null && !value.isBlank()) {
                    return property;
                }
            }
        }
        return null;
    }
}
