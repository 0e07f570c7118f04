package io.coditect.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of the *OidcIT classes, started once for all of them (Keycloak's start is the
 * slowest step of the build): a Keycloak with the test realm on the IT HTTP port plus 20, and a
 * Coditect server trusting it (its JWKS URL, issuer and the browser client's id) on plus 21.
 * Stopped when the test run ends (JUnit closes what the root store holds).
 */
public final class OidcServers implements BeforeAllCallback, AutoCloseable {
    private static OidcServers running;

    private final Keycloak keycloak;
    private final LibertyServer server;

    private OidcServers(Keycloak keycloak, LibertyServer server) {
        this.keycloak = keycloak;
        this.server = server;
    }

    /** For JUnit's {@code @ExtendWith} only. */
    public OidcServers() {
        this(null, null);
    }

    /** The servers, once {@code @ExtendWith(OidcServers.class)} started them. */
    public static OidcServers current() {
        if (running == null) {
            throw new IllegalStateException("annotate the class with @ExtendWith(OidcServers.class)");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(OidcServers.class, key -> start(), OidcServers.class);
    }

    private static OidcServers start() {
        int port = Api.baseUri().getPort();
        Keycloak keycloak = new Keycloak(Keycloak.distribution(), port + 20);
        LibertyServer server = new LibertyServer(Path.of(System.getProperty("coditect.it.wlp", "target/liberty/wlp")),
                System.getProperty("coditect.it.oidc-server"), port + 21);
        OidcServers servers = new OidcServers(keycloak, server);
        running = servers;
        // Side by side: the server reads Keycloak's keys only when a token comes, not as it starts.
        CompletableFuture<Void> serverStarted = CompletableFuture.runAsync(() -> server.start(Map.of(
                "HTTP_PORT", String.valueOf(port + 21),
                "HTTPS_PORT", String.valueOf(port + 23),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keycloak.jwks().toString(),
                "MP_JWT_VERIFY_ISSUER", keycloak.issuer().toString(),
                // Keys Keycloak removed are refused within seconds here (five minutes by default).
                "CODITECT_AUTH_JWKS_CACHE_SECONDS", "3")));
        try {
            keycloak.start();
        } finally {
            serverStarted.join();
        }
        return servers;
    }

    public Keycloak keycloak() {
        return keycloak;
    }

    public LibertyServer server() {
        return server;
    }

    public Api.Target api() {
        return Api.at(server.baseUri());
    }

    @Override
    public void close() {
        running = null;
        try {
            server.terminate();
        } finally {
            keycloak.close();
        }
    }
}
