package io.coditect.platform;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's own settings (docs/configuration.md, its first table and "Liberty server
 * variables"): its role, the directory it keeps its state in, the largest request body, and where
 * its HTTP endpoint listens. The defaults are in microprofile-config.properties;
 * {@code coditect.http.host} and {@code http.port} are Liberty's server.xml variables, which
 * Liberty publishes to MicroProfile Config (another server may not).
 */
@Immutable
public class PlatformSettings {
    public static final String ROLE = "coditect.role";
    public static final String DATA_DIR = "coditect.data-dir";
    public static final String MAX_REQUEST_BODY = "coditect.http.max-request-body";
    /** The host the HTTP endpoint listens on (coditect.xml's variable). */
    public static final String HTTP_HOST = "coditect.http.host";
    /** The HTTP port (coditect.xml's variable). */
    public static final String HTTP_PORT = "http.port";
    /** Where the endpoint listens when no server variable says: Liberty's own defaults. */
    private static final String DEFAULT_HTTP_HOST = "localhost";
    private static final int DEFAULT_HTTP_PORT = 9080;

    private final Role role;
    private final Path dataDirectory;
    private final String httpHost;
    private final int httpPort;

    @Inject
    public PlatformSettings(@ConfigProperty(name = ROLE) String role,
            @ConfigProperty(name = DATA_DIR) String dataDirectory,
            @ConfigProperty(name = HTTP_HOST) Optional<String> httpHost,
            @ConfigProperty(name = HTTP_PORT) Optional<Integer> httpPort) {
        this.role = Role.parse(role);
        this.dataDirectory = dataDirectory(dataDirectory);
        this.httpHost = httpHost.orElse(DEFAULT_HTTP_HOST);
        this.httpPort = httpPort.orElse(DEFAULT_HTTP_PORT);
    }

    /**
     * The largest request body, for the JAX-RS filter that enforces it: JAX-RS makes its providers
     * itself, outside CDI, so they read this key through here instead of injecting this class.
     */
    public static long maxRequestBody(Config config) {
        return config.getValue(MAX_REQUEST_BODY, Long.class);
    }

    /** The configured data directory as an absolute path. */
    public static Path dataDirectory(String configured) {
        return Path.of(configured).toAbsolutePath().normalize();
    }

    public Role role() {
        return role;
    }

    /** The data directory, absolute; {@link DataDirectory} creates it. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public String httpHost() {
        return httpHost;
    }

    public int httpPort() {
        return httpPort;
    }
}
