package io.coditect.testing;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak (its server distribution from Maven Central, unpacked by the build into
 * {@code target/keycloak}) on loopback, in development mode with an in-memory database, the test
 * realm {@code src/test/resources/keycloak/coditect-realm.json} imported at start. It is one
 * process tree (kc.sh and its JVM), stopped with the test class.
 *
 * <p>Its first start on a clean build also builds Keycloak's optimised server image (Quarkus
 * augmentation), a minute or more on two busy cores: the tests that use it start it once.
 */
public final class Keycloak implements AutoCloseable {
    public static final String REALM = "coditect";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "integration-tests-only";

    private final Path home;
    private final int port;
    private Process process;

    public Keycloak(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** The distribution the build unpacked (system property {@code coditect.it.keycloak}). */
    public static Path distribution() {
        return Path.of(System.getProperty("coditect.it.keycloak", "target/keycloak"));
    }

    /** The realm's issuer: also its discovery document's base. */
    public URI issuer() {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + REALM);
    }

    public URI jwks() {
        return URI.create(issuer() + "/protocol/openid-connect/certs");
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** Starts Keycloak with the test realm and waits until the realm answers; console in {@code target/keycloak.log}. */
    public void start() {
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (var stream = Keycloak.class.getResourceAsStream("/keycloak/coditect-realm.json")) {
                Files.copy(stream, imports.resolve("coditect-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder command = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--db=dev-mem", "--cache=local", "--import-realm",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + (port + 2),
                    "--hostname=http://127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolveSibling("keycloak.log").toFile()));
            command.environment().put("JAVA_HOME", System.getProperty("java.home"));
            command.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            command.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            // A short-lived server: the JIT's first tier only starts it sooner on two cores.
            command.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see target/keycloak.log");
            }
            return get(URI.create(issuer() + "/.well-known/openid-configuration")).status() == 200;
        });
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            for (ProcessHandle child : tree) {
                child.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The token endpoint's answer to a password grant of {@code clientId} for {@code user}. */
    public JsonObject passwordGrant(String clientId, String user, String password) {
        Api.Reply reply = form(tokenEndpoint(), Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password, "scope", "openid"));
        if (reply.status() != 200) {
            throw new IllegalStateException("password grant refused: " + reply);
        }
        return reply.json();
    }

    /** The token endpoint's answer to a refresh grant: 200 with new tokens, 400 once the session is over. */
    public Api.Reply refreshGrant(String clientId, String refreshToken) {
        return form(tokenEndpoint(), Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refreshToken));
    }

    /**
     * Rotates the realm's signing key as an administrator does: a new RSA key of higher priority
     * (the one Keycloak signs with from now on); answers its key id.
     */
    public String addSigningKey(String name, int priority) {
        JsonObject component = Json.createObjectBuilder()
                .add("name", name)
                .add("providerId", "rsa-generated")
                .add("providerType", "org.keycloak.keys.KeyProvider")
                .add("config", Json.createObjectBuilder()
                        .add("priority", Json.createArrayBuilder().add(String.valueOf(priority)))
                        .add("keySize", Json.createArrayBuilder().add("2048"))
                        .add("algorithm", Json.createArrayBuilder().add("RS256")))
                .build();
        Api.Reply created = admin("POST", "/components", component.toString());
        if (created.status() != 201) {
            throw new IllegalStateException("cannot add a key: " + created);
        }
        return activeRs256KeyId();
    }

    /** Removes every RS256 key provider but {@code keep}: their keys leave the JWKS (rotated out). */
    public void removeSigningKeysExcept(String keep) {
        Api.Reply components = admin("GET", "/components?type=org.keycloak.keys.KeyProvider", null);
        for (JsonValue value : components.jsonArray()) {
            JsonObject component = value.asJsonObject();
            if (component.getString("providerId").startsWith("rsa") && !component.getString("name").equals(keep)) {
                Api.Reply deleted = admin("DELETE", "/components/" + component.getString("id"), null);
                if (deleted.status() != 204) {
                    throw new IllegalStateException("cannot remove a key: " + deleted);
                }
            }
        }
    }

    /** The key id Keycloak signs RS256 tokens with now. */
    public String activeRs256KeyId() {
        JsonObject keys = admin("GET", "/keys", null).json();
        return keys.getJsonObject("active").getString("RS256");
    }

    private Api.Reply admin(String method, String path, String json) {
        Api.Reply token = form(URI.create("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD));
        String bearer = token.json().getString("access_token");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return Api.send(request);
    }

    private static Api.Reply form(URI uri, Map<String, String> fields) {
        String body = new LinkedHashMap<>(fields).entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return Api.send(request);
    }

    private static Api.Reply get(URI uri) {
        return Api.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET());
    }
}
