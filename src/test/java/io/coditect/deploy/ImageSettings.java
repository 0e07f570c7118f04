package io.coditect.deploy;

import java.util.Map;
import org.w3c.dom.Element;

/** What the image's Dockerfile decides about the running server: its port and where it writes. */
final class ImageSettings {
    private ImageSettings() {
    }

    static Dockerfile dockerfile() {
        return Dockerfile.read(Project.file("Dockerfile"));
    }

    static Map<String, String> env() {
        return dockerfile().last().env();
    }

    /** The HTTP port the server listens on in the image: the value the image gives coditect.xml's variable. */
    static int httpPort() {
        return port(LibertyConfig.httpEndpoint());
    }

    /** The management port (health, metrics, OpenAPI) in the image, likewise. */
    static int managementPort() {
        return port(LibertyConfig.managementEndpoint());
    }

    private static int port(Element endpoint) {
        String variable = LibertyConfig.variableOf(endpoint, "httpPort");
        String value = env().getOrDefault(LibertyConfig.environmentName(variable),
                LibertyConfig.variableDefaults().get(variable));
        return Integer.parseInt(value);
    }

    static String dataDirectory() {
        return env().get("CODITECT_DATA_DIR");
    }
}
