package io.coditect.deploy;

import java.util.Map;

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
        String variable = LibertyConfig.variableOf(LibertyConfig.httpEndpoint(), "httpPort");
        String value = env().getOrDefault(LibertyConfig.environmentName(variable),
                LibertyConfig.variableDefaults().get(variable));
        return Integer.parseInt(value);
    }

    static String dataDirectory() {
        return env().get("CODITECT_DATA_DIR");
    }
}
