package io.coditect.auth.dev;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes the server trust the development issuer when it is active: supplies
 * {@code mp.jwt.verify.publickey.location} (its JWKS file), {@code mp.jwt.verify.issuer} and
 * {@code mp.jwt.verify.audiences} at an ordinal below every other source, so Liberty's MicroProfile
 * JWT reads them exactly as it reads an operator's settings. Supplies nothing when the issuer is
 * not active (another role, turned off, or an operator's key configured).
 *
 * <p>Registered through {@code META-INF/services}: a config source is made with the configuration,
 * before CDI, so it reads its settings from the configuration ({@link DevIssuerSettings#read}), never
 * by injection. The decision needs the rest of the configuration, so it is made on first use, not
 * while the configuration is being built.
 */
public class DevIssuerConfigSource implements ConfigSource {
    public static final String ISSUER = "coditect-dev-issuer";
    public static final String AUDIENCE = "coditect";
    static final String ISSUER_PROPERTY = "mp.jwt.verify.issuer";
    static final String AUDIENCES_PROPERTY = "mp.jwt.verify.audiences";
    /** Below microprofile-config.properties (100), environment (300) and system properties (400). */
    static final int ORDINAL = 50;
    private static final Set<String> PROPERTIES = Set.of(DevIssuerSettings.PUBLIC_KEY_LOCATION,
            ISSUER_PROPERTY, AUDIENCES_PROPERTY);
    private static final ThreadLocal<Boolean> DECIDING = new ThreadLocal<>();

    private volatile Map<String, String> values;

    @Override
    public Set<String> getPropertyNames() {
        return values().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.contains(propertyName) ? values().get(propertyName) : null;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "CoditectDevIssuer";
    }

    private Map<String, String> values() {
        Map<String, String> decided = values;
        if (decided != null) {
            return decided;
        }
        if (DECIDING.get() != null) {
            // Asked again while deciding (the configuration being built reads its sources).
            return Map.of();
        }
        DECIDING.set(Boolean.TRUE);
        try {
            decided = decide();
        } finally {
            DECIDING.remove();
        }
        values = decided;
        return decided;
    }

    private static Map<String, String> decide() {
        DevIssuerSettings settings = DevIssuerSettings.read(
                ConfigProvider.getConfig(DevIssuerConfigSource.class.getClassLoader()));
        if (!settings.active()) {
            return Map.of();
        }
        DevIssuerKeys keys = DevIssuerKeys.loadOrCreate(settings.keyDirectory());
        return Map.of(DevIssuerSettings.PUBLIC_KEY_LOCATION, keys.jwksFile().toUri().toString(),
                ISSUER_PROPERTY, ISSUER,
                AUDIENCES_PROPERTY, AUDIENCE);
    }
}
