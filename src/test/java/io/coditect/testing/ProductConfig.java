package io.coditect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The product's configuration defaults (its {@code META-INF/microprofile-config.properties}), so a
 * test asserts a bound at the value the servers run with and follows it when the default changes.
 */
public final class ProductConfig {
    private static final Properties DEFAULTS = load();

    private ProductConfig() {
    }

    public static long longValue(String key) {
        String value = DEFAULTS.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("the product has no default for " + key);
        }
        return Long.parseLong(value.strip());
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ProductConfig.class.getClassLoader().getResourceAsStream("META-INF/microprofile-config.properties")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/microprofile-config.properties is not on the test class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
