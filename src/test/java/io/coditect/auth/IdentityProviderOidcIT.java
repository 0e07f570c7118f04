package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Keycloak;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.OidcServers;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server against a real OpenID Connect provider: a Keycloak on loopback with the test realm
 * (src/test/resources/keycloak), and a server trusting its JWKS URL ({@link OidcServers}). Tokens come from Keycloak's
 * token endpoint (password grants of the realm's clients), and the realm's keys are rotated
 * through its admin API, as an administrator does. The rotation tests come last.
 */
@ExtendWith(OidcServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityProviderOidcIT {
    private final int port = Api.baseUri().getPort();
    private Keycloak keycloak;
    private LibertyServer server;
    private Api.Target api;

    @BeforeAll
    void servers() {
        keycloak = OidcServers.current().keycloak();
        server = OidcServers.current().server();
        api = OidcServers.current().api();
    }

    @Test
    @Order(1)
    void signInOptions_nameTheProviderFromConfiguration() {
        Api.Reply reply = api.get("/api/v1/sign-in", (String) null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject provider = reply.json().getJsonObject("provider");
        assertThat(provider.getString("issuer")).isEqualTo(keycloak.issuer().toString());
        assertThat(provider.getString("clientId")).isEqualTo("coditect-web");
        assertThat(provider.getString("scopes")).isEqualTo("openid profile");
        assertThat(provider.getString("token")).isEqualTo("access_token");
        assertThat(reply.json().getString("devIssuer")).isEqualTo("off");
    }

    @Test
    @Order(1)
    void page_policyLetsItCallTheProviderOnly() {
        Api.Reply page = Api.send(HttpRequest.newBuilder(server.baseUri().resolve("/")).GET());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy"))
                .contains("connect-src 'self' http://127.0.0.1:" + (port + 20) + ";")
                .contains("frame-src 'self' http://127.0.0.1:" + (port + 20) + ";")
                .contains("default-src 'self'");
    }

    @Test
    @Order(2)
    void accessTokenOfTheBrowserClient_acceptedAsItsUser() {
        String token = accessToken("coditect-web", "alice");

        Api.Reply created = api.post("/api/v1/workspaces", token, "{\"name\":\"oidc\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Reply listed = api.get("/api/v1/workspaces", token);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.body()).contains(created.json().getString("id"));
        assertThat(created.json().getString("owner")).isEqualTo("alice");
    }

    @Test
    @Order(2)
    void tokenForAnotherAudience_refused() {
        assertRefused(accessToken("reports", "alice"));
    }

    @Test
    @Order(2)
    void tokenOfAClientNotAuthorized_refused() {
        String token = accessToken("intruder", "alice");
        assertThat(claims(token)).contains("\"aud\":\"coditect\"");

        assertRefused(token);
    }

    @Test
    @Order(2)
    void idTokenOfTheBrowserClient_refused() {
        JsonObject tokens = keycloak.passwordGrant("coditect-web", "alice", "alice-password");

        assertRefused(tokens.getString("id_token"));
    }

    @Test
    @Order(2)
    void userWithoutAGroupOfTheProduct_forbidden() {
        Api.Reply reply = api.get("/api/v1/workspaces", accessToken("coditect-web", "mallory"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void expiredToken_refused() {
        // The realm's command-line client issues tokens that live five seconds.
        String token = accessToken("coditect-cli", "alice");
        assertThat(api.get("/api/v1/workspaces", token).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get("/api/v1/workspaces", token).status() == 401);
        assertRefused(token);
    }

    @Test
    @Order(4)
    void providerRotatesKeys_newKeyAcceptedAtOnceRotatedOutKeyRefused() {
        String before = accessToken("coditect-web", "alice");
        String oldKey = keycloak.activeRs256KeyId();
        assertThat(header(before)).contains(oldKey);

        String newKey = keycloak.addSigningKey("rotated", 200);
        assertThat(newKey).isNotEqualTo(oldKey);
        String after = accessToken("coditect-web", "alice");
        assertThat(header(after)).contains(newKey);

        Api.Reply withNewKey = api.get("/api/v1/workspaces", after);
        assertThat(withNewKey.status()).as("a token of the new key, at once: " + withNewKey).isEqualTo(200);
        assertThat(api.get("/api/v1/workspaces", before).status()).as("the old key is still published").isEqualTo(200);

        keycloak.removeSigningKeysExcept("rotated");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get("/api/v1/workspaces", before).status() == 401);
        assertRefused(before);
        assertThat(api.get("/api/v1/workspaces", after).status()).isEqualTo(200);
    }

    private String accessToken(String client, String user) {
        return keycloak.passwordGrant(client, user, user + "-password").getString("access_token");
    }

    private void assertRefused(String token) {
        Api.Reply reply = api.get("/api/v1/workspaces", token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.json().getString("error")).isEqualTo("invalid_token");
    }

    private static String header(String token) {
        return decode(token.split("\\.")[0]);
    }

    private static String claims(String token) {
        return decode(token.split("\\.")[1]);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8).replace(" ", "");
    }
}
