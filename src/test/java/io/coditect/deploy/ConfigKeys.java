package io.coditect.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.config.Names;

/**
 * The MicroProfile Config keys the application really has: every key with a default in
 * microprofile-config.properties, plus the standard mp.jwt.* keys that MicroProfile JWT names in
 * {@link Names}. Read from the source, so a key added to the application counts at once.
 */
final class ConfigKeys {
    private ConfigKeys() {
    }

    static Set<String> all() {
        Set<String> keys = new TreeSet<>(applicationKeys());
        keys.addAll(jwtKeys());
        return keys;
    }

    static Set<String> applicationKeys() {
        return new TreeSet<>(defaults().stringPropertyNames());
    }

    /** The default of an application setting, from microprofile-config.properties. */
    static String defaultValue(String key) {
        String value = defaults().getProperty(key);
        if (value == null) {
            throw new AssertionError(key + " has no default in microprofile-config.properties");
        }
        return value;
    }

    private static Properties defaults() {
        Properties defaults = new Properties();
        try (Reader reader = Files.newBufferedReader(
                Project.file("src/main/resources/META-INF/microprofile-config.properties"))) {
            defaults.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }

    static Set<String> jwtKeys() {
        Set<String> keys = new TreeSet<>();
        for (Field field : Names.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    /** The environment variable MicroProfile Config maps to the key (coditect.data-dir is CODITECT_DATA_DIR). */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        all().stream().map(ConfigKeys::environmentName).forEach(names::add);
        return names;
    }
}
