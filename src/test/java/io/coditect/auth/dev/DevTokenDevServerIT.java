package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.ServerLogs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The development token issuer on a server configured like {@code ./mvnw liberty:run} (no identity
 * provider, so the server trusts the issuer's own key; listening on localhost), except that it
 * issues {@code admin} (ConsoleDevServerIT checks the default, which does not). Tokens come only to
 * callers on this machine that present the sign-in link's secret.
 */
@ExtendWith(ArquillianExtension.class)
class DevTokenDevServerIT {
    private static final String TOKEN_PATH = "/api/v1/dev/token";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    /**
     * The development server's logs after its own secrets went through it: development tokens
     * (issued, used on REST and on a WebSocket attach, and a forged one), attach tickets (redeemed,
     * reused, made up), and the sign-in link's secret (on the console only): none of them, and no
     * JSON Web Token at all, is in any of its log files.
     */
    @Test
    void serverLogs_afterDevTokensAndTickets_holdNoSecret() {
        String user = TestIdentityProvider.uniqueUser("logan");
        String token = DevTokens.token(user);
        String forged = TestIdentityProvider.token(user);
        assertThat(Api.get("/api/v1/workspaces", forged).status()).isEqualTo(401);
        String workspace = Terminals.workspace(token);
        String terminal = Terminals.bash(token, workspace);
        String attach = TerminalSocket.attachPath(workspace, terminal);
        try (TerminalSocket socket = TerminalSocket.open(attach, Map.of("Authorization", "Bearer " + token))) {
            socket.attached();
        }
        String ticket = Api.post(Terminals.path(workspace) + "/" + terminal + "/tickets", token, null).json().getString("ticket");
        try (TerminalSocket socket = TerminalSocket.open(attach + "?ticket=" + ticket, Map.of())) {
            socket.attached();
        }
        assertThat(TerminalSocket.refused(attach + "?ticket=" + ticket, Map.of()).status()).isEqualTo(401);
        String madeUp = "Q".repeat(43);
        assertThat(TerminalSocket.refused(attach + "?ticket=" + madeUp, Map.of()).status()).isEqualTo(401);

        ServerLogs.assertNoSecrets("the development server",
                ServerLogs.read(Path.of(System.getProperty("coditect.it.server-logs"))),
                List.of(token, forged, ticket, madeUp, DevTokens.signInSecret()));
    }

    @Test
    void issue_fromLoopback_tokenTheServerAccepts() {
        Api.Reply reply = DevTokens.request("dana", "user");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().getJsonNumber("expiresInSeconds").longValue()).isEqualTo(3600);
        String token = reply.json().getString("token");
        JsonObject claims = payload(token);
        assertThat(claims.getString("iss")).isEqualTo("coditect-dev-issuer");
        assertThat(claims.getString("upn")).isEqualTo("dana");
        assertThat(claims.getJsonArray("groups").getString(0)).isEqualTo("user");
        Api.Reply created = Api.post("/api/v1/workspaces", token, "{\"name\":\"from dev token\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("owner")).isEqualTo("dana");
    }

    @Test
    void issue_recordsOneSignInEvent_andARefusedAttemptAsARefusal() {
        String user = "signin-" + Long.toHexString(System.nanoTime());
        assertThat(DevTokens.request(user, "user").status()).isEqualTo(200);
        String agent = "sign-in-it/" + user;
        assertError(Api.send(Api.request(TOKEN_PATH, null).header("User-Agent", agent).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DevTokens.body(user, "not-the-secret", "user")))), 403,
                "invalid_sign_in_secret");
        String admin = DevTokens.token("audit-reader-" + Long.toHexString(System.nanoTime()), "user", "admin");

        Api.Reply signIns = Api.get("/api/v1/audit?action=user.sign_in&user=" + user, admin);
        Api.Reply refusals = Api.get("/api/v1/audit?action=request.refused&user=anonymous&limit=500", admin);

        assertThat(signIns.status()).as(signIns.toString()).isEqualTo(200);
        List<JsonObject> events = signIns.json().getJsonArray("events").getValuesAs(JsonObject.class);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getString("actor")).isEqualTo(user);
        assertThat(events.get(0).getString("outcome")).isEqualTo("ok");
        assertThat(events.get(0).getString("clientAddress")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
        assertThat(events.get(0).getJsonObject("details").getString("groups")).isEqualTo("user");
        assertThat(refusals.json().getJsonArray("events").getValuesAs(JsonObject.class))
                .filteredOn(refusal -> agent.equals(refusal.getString("userAgent", null)))
                .singleElement()
                .satisfies(refusal -> {
                    assertThat(refusal.getJsonObject("details").getString("code")).isEqualTo("invalid_sign_in_secret");
                    assertThat(refusal.getJsonObject("details").getString("path")).isEqualTo(TOKEN_PATH);
                    assertThat(refusal.getString("outcome")).isEqualTo("refused");
                });
    }

    @Test
    void issue_withoutGroups_userRole() {
        Api.Reply reply = Api.post(TOKEN_PATH, null, withSecret("{\"user\":\"dora\"}"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(Api.get("/api/v1/workspaces", reply.json().getString("token")).status()).isEqualTo(200);
    }

    @Test
    void issue_adminGroup_readsEveryonesWorkspaces() {
        String id = Api.post("/api/v1/workspaces", DevTokens.token("dmitri"), "{\"name\":\"dmitri ws\"}")
                .json().getString("id");

        String admin = DevTokens.token("diane", "admin");

        assertThat(Api.get("/api/v1/workspaces?all=true", admin).body()).contains(id);
        assertThat(Api.get("/api/v1/workspaces/" + id, admin).status()).isEqualTo(200);
    }

    @Test
    void issue_invalidRequests_badRequest() {
        assertError(Api.post(TOKEN_PATH, null, withSecret("{\"user\":\"\"}")), 400, "invalid_user");
        assertError(Api.post(TOKEN_PATH, null, withSecret("{\"user\":\"../../etc\"}")), 400, "invalid_user");
        assertError(Api.post(TOKEN_PATH, null, withSecret("{}")), 400, "invalid_user");
        assertError(Api.post(TOKEN_PATH, null, withSecret("{\"user\":\"dana\",\"groups\":[\"root\"]}")), 400, "invalid_groups");
        assertError(Api.post(TOKEN_PATH, null, withSecret("{\"user\":\"dana\",\"groups\":[]}")), 400, "invalid_groups");
        assertError(Api.post(TOKEN_PATH, null, withSecret("{\"user\":\"dana\",\"groups\":[null]}")), 400, "invalid_groups");
    }

    @Test
    void testIdentityProviderToken_refused() {
        Api.Reply reply = Api.get("/api/v1/workspaces", TestIdentityProvider.token("dana"));

        assertError(reply, 401, "invalid_token");
    }

    @Test
    void issue_withoutSecret_forbiddenAndNoToken() {
        Api.Reply reply = Api.post(TOKEN_PATH, null, DevTokens.body("mallory", null, "user"));

        assertError(reply, 403, "invalid_sign_in_secret");
        assertThat(reply.body()).doesNotContain("token\":").doesNotContain(DevTokens.signInSecret());
    }

    @Test
    void issue_wrongOrMalformedSecret_forbidden() {
        String secret = DevTokens.signInSecret();
        String almost = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        assertError(Api.post(TOKEN_PATH, null, DevTokens.body("mallory", almost, "user")), 403, "invalid_sign_in_secret");
        assertError(Api.post(TOKEN_PATH, null, DevTokens.body("mallory", "", "user")), 403, "invalid_sign_in_secret");
        assertError(Api.post(TOKEN_PATH, null, DevTokens.body("mallory", secret + secret, "admin")), 403,
                "invalid_sign_in_secret");
    }

    @Test
    void signInSecret_ownerOnlyFileBesideTheKeys() throws IOException {
        Path file = Path.of(System.getProperty("coditect.it.data-dir"), "dev-issuer", "sign-in-secret");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void server_listensOnLoopbackOnly_otherAddressesOfThisMachineRefuseTheConnection() {
        InetAddress external = nonLoopbackAddress();

        assertThatThrownBy(() -> new Socket(external, Api.baseUri().getPort()).close())
                .as("the development issuer runs only on a server that listens on loopback")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void issue_fromLoopbackThroughProxy_forbidden() {
        Api.Reply reply = Api.send(Api.request(TOKEN_PATH, null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString(withSecret("{\"user\":\"mallory\"}"))));

        assertError(reply, 403, "dev_issuer_local_only");
    }

    @Test
    void issue_fromForeignWebPageOrigin_forbidden() {
        Api.Reply reply = Api.send(Api.request(TOKEN_PATH, null).header("Content-Type", "application/json")
                .header("Origin", "https://attacker.example")
                .POST(HttpRequest.BodyPublishers.ofString(withSecret("{\"user\":\"mallory\"}"))));

        assertError(reply, 403, "dev_issuer_local_only");
    }

    @Test
    void issue_foreignHostName_forbidden() throws IOException {
        String response = rawPost("attacker.example:" + Api.baseUri().getPort(), withSecret("{\"user\":\"mallory\"}"));

        assertThat(response).startsWith("HTTP/1.1 403").contains("dev_issuer_local_only");
    }

    @Test
    void issue_loopbackOrigin_allowed() {
        Api.Reply reply = Api.send(Api.request(TOKEN_PATH, null).header("Content-Type", "application/json")
                .header("Origin", "http://localhost:" + Api.baseUri().getPort())
                .POST(HttpRequest.BodyPublishers.ofString(withSecret("{\"user\":\"dana\"}"))));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void signInOptions_fromLoopback_devIssuerAvailable() {
        Api.Reply reply = Api.get("/api/v1/sign-in", null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().getString("devIssuer")).isEqualTo("available");
    }

    @Test
    void signInOptions_throughProxy_devIssuerLocalOnly() {
        Api.Reply reply = Api.send(Api.request("/api/v1/sign-in", null).header("X-Forwarded-For", "203.0.113.9").GET());

        assertThat(reply.json().getString("devIssuer")).isEqualTo("local_only");
    }

    @Test
    void issuerKeys_onFirstStart_underDataDirForOwnerOnly() throws IOException {
        Path directory = Path.of(System.getProperty("coditect.it.data-dir"), "dev-issuer");

        assertThat(directory.resolve("jwks.json")).isRegularFile();
        assertThat(Files.readString(directory.resolve("jwks.json"))).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("signing-key.json"))))
                .isEqualTo("rw-------");
    }

    /** A JSON object request body with the sign-in secret added. */
    private static String withSecret(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return Json.createObjectBuilder(reader.readObject()).add("secret", DevTokens.signInSecret()).build().toString();
        }
    }

    private static JsonObject payload(String token) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** An address of this machine that is not loopback. */
    private static InetAddress nonLoopbackAddress() {
        Optional<InetAddress> address = Optional.empty();
        try {
            address = NetworkInterface.networkInterfaces()
                    .filter(DevTokenDevServerIT::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(candidate -> candidate instanceof Inet4Address && !candidate.isLoopbackAddress()
                            && !candidate.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            // No interfaces to list: the assumption below skips the test.
        }
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        return address.get();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    /** A POST with a Host header the JDK client would not send. */
    private static String rawPost(String host, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", Api.baseUri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + TOKEN_PATH + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().getString("error")).isEqualTo(code);
        assertThat(reply.json().getString("message")).isNotBlank();
    }
}
