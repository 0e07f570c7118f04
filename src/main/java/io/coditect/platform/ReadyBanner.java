package io.coditect.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Says where to open the product once it has started. The port and host are Liberty's server.xml
 * variables, which Liberty also publishes as MicroProfile Config properties.
 */
@ApplicationScoped
public class ReadyBanner {
    private static final Logger LOG = Logger.getLogger(ReadyBanner.class.getName());

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 2000) @Initialized(ApplicationScoped.class) Object event) {
        Config config = ConfigProvider.getConfig();
        String role = config.getOptionalValue("coditect.role", String.class).orElse("standalone");
        String host = config.getOptionalValue("coditect.http.host", String.class)
                .filter(value -> !value.equals("*") && !value.equals("0.0.0.0"))
                .orElse("localhost");
        String port = config.getOptionalValue("http.port", String.class).orElse("9080");
        LOG.info(() -> "Coditect Workspace Gateway (" + role + ") is ready: open http://" + host + ":" + port + "/");
    }
}
