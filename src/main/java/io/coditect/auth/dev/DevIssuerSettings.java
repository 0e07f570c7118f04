package io.coditect.auth.dev;

import io.coditect.platform.PlatformSettings;
import io.coditect.platform.Role;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Whether this server runs the development token issuer, decided from configuration alone so that
 * the issuer and the trust in its key ({@link DevIssuerConfigSource}) always agree. Read from a
 * {@link Config}, not injected: the config source that decides is itself part of the configuration,
 * made before CDI. The server's own keys (role, data directory, host) are {@link PlatformSettings}'s.
 */
public record DevIssuerSettings(State state, String operatorKeyProperty, Path keyDirectory, boolean allowAdmin,
        String listenHost) {
    public static final String ENABLED = "coditect.auth.dev-issuer.enabled";
    public static final String ALLOW_ADMIN = "coditect.auth.dev-issuer.allow-admin";
    public static final String TOKEN_LIFETIME = "coditect.auth.dev-issuer.token-lifetime-seconds";
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
        STEPPED_ASIDE,
        /**
         * Would be on, but the server listens beyond loopback: other machines could reach it, so it
         * is not one person's server. The application refuses to start ({@link DevIssuer}).
         */
        BEYOND_LOOPBACK
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    public static DevIssuerSettings read(Config config) {
        String operatorKey = operatorKeyProperty(config);
        // coditect.xml always defines the variable (default localhost). Without it (another application
        // server) where the server listens is unknown, so it does not count as loopback.
        String host = config.getOptionalValue(PlatformSettings.HTTP_HOST, String.class).orElse(null);
        State state = decide(role(config), config.getValue(ENABLED, Boolean.class), operatorKey, host);
        Path dataDir = PlatformSettings.dataDirectory(config.getValue(PlatformSettings.DATA_DIR, String.class));
        return new DevIssuerSettings(state, operatorKey, dataDir.resolve("dev-issuer"),
                config.getOptionalValue(ALLOW_ADMIN, Boolean.class).orElse(false), host);
    }

    static State decide(Role role, boolean enabled, String operatorKeyProperty, String listenHost) {
        if (role != Role.STANDALONE) {
            return State.NOT_STANDALONE;
        }
        if (!enabled) {
            return State.DISABLED;
        }
        if (operatorKeyProperty != null) {
            return State.STEPPED_ASIDE;
        }
        return isLoopback(listenHost) ? State.ACTIVE : State.BEYOND_LOOPBACK;
    }

    /** {@code localhost} or a loopback address literal ({@code [::1]} too); {@code *}, any other name or address is not. */
    static boolean isLoopback(String listenHost) {
        String host = listenHost == null ? "" : listenHost.trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return LocalRequests.isLoopbackHost(host);
    }

    private static Role role(Config config) {
        try {
            return Role.parse(config.getValue(PlatformSettings.ROLE, String.class));
        } catch (IllegalArgumentException e) {
            // PlatformSettings refuses the value at start-up; until then, nothing is trusted.
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
