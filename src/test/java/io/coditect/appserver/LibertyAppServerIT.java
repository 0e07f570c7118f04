package io.coditect.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.DocSnippets;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docs/app-servers.md followed literally: a bare server made with the Liberty runtime's own
 * {@code server create}, configured with only the document's snippets (nothing of the project's
 * server.xml), the built WAR in {@code apps/}, the test identity provider's key as the site's
 * identity provider. Then health, metrics, tokens, a workspace, a terminal that echoes, a
 * re-attach by offset, and the document's in-place upgrade: stop, replace the WAR, start, and the
 * terminal comes back at the offset the client had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibertyAppServerIT {
    private static final Pattern TICKET_SECONDS = Pattern.compile(
            "<variable name=\"coditect.auth.attach-ticket-seconds\" value=\"(\\d+)\"/>");

    private final DocSnippets doc = DocSnippets.of(Path.of("docs/app-servers.md"));
    private final Path wlp = Path.of(System.getProperty("coditect.it.wlp", "target/liberty/wlp"));
    private final Path war = Path.of(System.getProperty("coditect.it.war", "target/coditect.war"));
    private final int port = Integer.getInteger("coditect.it.appserver.port", 9200);
    private final String name = "coditectDocIT" + port;
    private final Path serverDir = wlp.resolve("usr/servers").resolve(name);
    private final Path dataDir = Path.of(System.getProperty("coditect.it.appserver.data-dir", "target/it-appserver-data"))
            .resolve("liberty").toAbsolutePath();
    private final LibertyServer server = new LibertyServer(wlp, name, port);
    private final ProductChecks checks = new ProductChecks(server.baseUri(), server.managementUri());
    private final String user = TestIdentityProvider.uniqueUser("doc");
    private final String token = TestIdentityProvider.token(user);
    private String workspace;
    private String terminal;
    private long offset;

    @BeforeAll
    void createServerFromTheDocument() throws Exception {
        deleteTree(serverDir);
        deleteTree(dataDir);
        run(wlp.resolve("bin/server").toString(), "create", name);
        // Only what the document says to write: its snippets, the WAR in apps/.
        Files.writeString(serverDir.resolve("coditect.xml"), doc.get("liberty/server.xml"));
        Files.writeString(serverDir.resolve("http-endpoint.xml"), doc.get("liberty/http-endpoint.xml"));
        Files.writeString(serverDir.resolve("server.xml"), """
                <server>
                    <include location="coditect.xml"/>
                    <include location="http-endpoint.xml"/>
                </server>
                """);
        Files.writeString(serverDir.resolve("bootstrap.properties"), doc.get("liberty/bootstrap.properties"));
        Files.writeString(serverDir.resolve("jvm.options"), doc.get("liberty/jvm.options"));
        // The site's own values where the document has examples.
        Files.writeString(serverDir.resolve("server.env"), doc.withValues("liberty/server.env", Map.of(
                "CODITECT_DATA_DIR", dataDir.toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/test-idp/public-key.pem").toAbsolutePath().toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", TestIdentityProvider.ISSUER,
                "keystore_password", "app-server-it-only",
                "HTTP_PORT", String.valueOf(port),
                "HTTPS_PORT", String.valueOf(port + 1),
                "MANAGEMENT_PORT", String.valueOf(server.managementUri().getPort()))));
        // The data directory as the document sets it up: the server's account only.
        Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(serverDir.resolve("apps"));
        Files.copy(war, serverDir.resolve("apps/coditect.war"), StandardCopyOption.REPLACE_EXISTING);
        server.start(Map.of());
    }

    @AfterAll
    void stopServer() {
        server.terminate();
    }

    @Test
    @Order(1)
    void health_up() {
        checks.healthUp();
    }

    @Test
    @Order(2)
    void tokens_onlyTheIdentityProvidersAccepted() {
        checks.bearerTokensChecked(user);
    }

    @Test
    @Order(3)
    void terminal_echoesAndReattachesByOffset() {
        workspace = checks.runningWorkspace(token);
        terminal = checks.bashTerminal(token, workspace);
        offset = checks.echoAndReattachByOffset(token, workspace, terminal);
    }

    @Test
    @Order(4)
    void metrics_served() {
        checks.metricsServed();
    }

    @Test
    @Order(5)
    void serverXmlVariable_readAsApplicationSetting() {
        Matcher documented = TICKET_SECONDS.matcher(doc.get("liberty/server.xml"));
        assertThat(documented.find()).as("the document's <variable> example").isTrue();

        Api.Reply ticket = Api.at(server.baseUri()).post(
                "/api/v1/workspaces/" + workspace + "/terminals/" + terminal + "/tickets", token, null);

        assertThat(ticket.status()).as(ticket.toString()).isEqualTo(200);
        assertThat(ticket.json().getInt("expiresInSeconds")).isEqualTo(Integer.parseInt(documented.group(1)));
    }

    @Test
    @Order(6)
    void upgradeInPlace_drainReplaceStart_terminalComesBackAtItsOffset() throws Exception {
        TerminalSocket attached = checks.attach(token, workspace, terminal, "?offset=" + offset);
        attached.attached();

        // 1. Drain: the stop the systemd unit sends (SIGTERM). The attached client is disconnected:
        // the application closes it with 1001 unless Liberty, stopping, has dropped the connection
        // first (1006, no close frame); either way the client re-attaches with its offset.
        server.terminate();
        assertThat(attached.awaitClose()).isIn(1001, 1006);
        // 2. Replace the WAR: beside the old one, then renamed over it.
        Path staged = serverDir.resolve("apps/.coditect.war");
        Files.copy(war, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, serverDir.resolve("apps/coditect.war"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        // 3. Start: the terminal is restorable and comes back on the client's re-attach by offset.
        server.start();
        Api.Reply listed = Api.at(server.baseUri()).get("/api/v1/workspaces/" + workspace + "/terminals", token);
        assertThat(listed.body()).contains("\"" + terminal + "\"").contains("restorable");
        try (TerminalSocket back = checks.attach(token, workspace, terminal, "?offset=" + offset)) {
            assertThat(back.attached().getJsonNumber("offset").longValue()).isEqualTo(offset);
            back.awaitEvent("restored");
            back.type("echo third-$((6*7))\r");
            assertThat(back.awaitText("third-42")).doesNotContain("first-42");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
