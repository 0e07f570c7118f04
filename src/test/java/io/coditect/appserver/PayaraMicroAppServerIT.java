package io.coditect.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.DocSnippets;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same WAR, unchanged, on a second Jakarta EE 10 + MicroProfile 6.1 runtime: Payara Micro 6,
 * started with docs/app-servers.md's command line (its jar, the WAR, the port and the root
 * directory put in) and its settings as environment variables. Health, metrics, bearer tokens
 * checked by Payara's MicroProfile JWT, a workspace, a terminal over WebSocket, re-attach by offset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraMicroAppServerIT {
    /** Payara Micro unpacks itself and deploys in 30 s on an idle machine, minutes on a loaded one. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private final DocSnippets doc = DocSnippets.of(Path.of("docs/app-servers.md"));
    private final Path jar = Path.of(System.getProperty("coditect.it.payara-micro", "target/payara/payara-micro.jar"));
    private final String payaraVersion = System.getProperty("coditect.it.payara-micro-version", "");
    private final Path war = Path.of(System.getProperty("coditect.it.war", "target/coditect.war")).toAbsolutePath();
    private final int port = Integer.getInteger("coditect.it.appserver.port", 9200) + 2;
    private final Path home = Path.of(System.getProperty("coditect.it.appserver.data-dir", "target/it-appserver-data"))
            .resolve("payara").toAbsolutePath();
    private final URI base = URI.create("http://localhost:" + port);
    /** Payara ignores Liberty's binding file: its health and metrics are on its one HTTP port (docs/app-servers.md). */
    private final ProductChecks checks = new ProductChecks(base, base);
    private final String user = TestIdentityProvider.uniqueUser("payara");
    private final String token = TestIdentityProvider.token(user);
    private Process payara;

    @BeforeAll
    void startPayaraMicro() throws Exception {
        deleteTree(home);
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(home.resolve("payara.log").toFile());
        builder.environment().putAll(Map.of(
                "CODITECT_ROLE", "standalone",
                "CODITECT_DATA_DIR", home.resolve("data").toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/test-idp/public-key.pem").toAbsolutePath().toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", TestIdentityProvider.ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", TestIdentityProvider.AUDIENCE,
                "HTTP_PORT", String.valueOf(port)));
        for (String documented : builder.environment().keySet().stream().filter(key -> key.startsWith("CODITECT_")
                || key.startsWith("MP_JWT_") || key.equals("HTTP_PORT")).toList()) {
            assertThat(Files.readString(Path.of("docs/app-servers.md"))).as("the document names " + documented)
                    .contains("`" + documented + "`");
        }
        payara = builder.start();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            assertThat(payara.isAlive()).as("Payara Micro exited; see " + home.resolve("payara.log")).isTrue();
            return Api.send(HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(5))).status() == 200;
        });
    }

    /** The document's command line, with this build's jar, WAR, port and root directory. */
    private List<String> command() {
        List<String> words = new ArrayList<>(Arrays.asList(doc.get("payara/command").replace("\\\n", " ").strip().split("\\s+")));
        assertThat(words.get(0)).isEqualTo("java");
        words.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("payara-micro-") && word.endsWith(".jar")) {
                assertThat(word).as("the document's Payara Micro is the build's").isEqualTo("payara-micro-" + payaraVersion + ".jar");
                words.set(i, jar.toAbsolutePath().toString());
            } else if (word.equals("coditect.war")) {
                words.set(i, war.toString());
            } else if (word.equals("--port")) {
                words.set(++i, String.valueOf(port));
            } else if (word.equals("--rootdir")) {
                words.set(++i, home.resolve("root").toString());
            }
        }
        return words;
    }

    @AfterAll
    void stopPayaraMicro() throws InterruptedException {
        if (payara == null) {
            return;
        }
        payara.destroy();
        if (!payara.waitFor(60, TimeUnit.SECONDS)) {
            payara.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void health_up() {
        checks.healthUp();
    }

    @Test
    @Order(2)
    void tokens_checkedByPayarasMicroProfileJwt() {
        checks.bearerTokensChecked(user);
    }

    @Test
    @Order(3)
    void terminal_echoesOverWebSocketAndReattachesByOffset() {
        String workspace = checks.runningWorkspace(token);
        String terminal = checks.bashTerminal(token, workspace);

        long offset = checks.echoAndReattachByOffset(token, workspace, terminal);

        assertThat(offset).isPositive();
    }

    @Test
    @Order(4)
    void metrics_served() {
        checks.metricsServed();
    }

    @Test
    @Order(5)
    void webPage_servedAtTheRoot() {
        Api.Reply page = Api.at(base).get("/", (String) null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("<html");
    }

    /** Payara's MicroProfile JWT reads every request's bearer token itself; its refusals must not quote one. */
    @Test
    @Order(6)
    void log_quotesNoToken() throws IOException {
        // Every JWT starts with the base64url of '{"': the tokens of the tests above, refused ones included.
        assertThat(Files.readString(home.resolve("payara.log"))).doesNotContain("eyJ");
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
