package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.DevTokens;
import io.coditect.testing.LibertyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console of a server configured like {@code ./mvnw liberty:run} (the product's own
 * src/main/liberty/config, jvm.options included), started with wlp's {@code server start}, which
 * writes what the console shows to logs/console.log: nothing but the launch line before the ready
 * banner, no warning from Liberty or the JVM (Unsafe, native access), not even once the first
 * terminal has loaded JNA. The JVM is the one running the build (Java 25 here).
 */
class ConsoleDevServerIT {
    private static final String BANNER = "Coditect Workspace Gateway (standalone) is ready: open ";
    private LibertyServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.terminate();
        }
    }

    @Test
    void console_quietUntilTheBanner_bannerLast_noWarningAfterTheFirstTerminal() throws IOException {
        int port = freePort();
        server = new LibertyServer(Path.of(System.getProperty("coditect.it.wlp")),
                System.getProperty("coditect.it.console-server"), port);
        // Nothing asks the server anything before its banner: a readiness probe answered DOWN during
        // start-up is a warning of its own (CWMMH0053W), which is what a probe is for.
        server.launch(Map.of("HTTP_PORT", String.valueOf(port), "CODITECT_HTTP_HOST_ALIASES", aliases(port)));
        Path console = server.logs().resolve("console.log");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
                .until(() -> lines(console).stream().anyMatch(line -> line.startsWith(BANNER)));
        String secret = DevTokens.signInSecret(Path.of(System.getProperty("coditect.it.console-data-dir")));
        String banner = BANNER + "http://localhost:" + port + "/#sign-in=" + secret;
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(console)))
                .as("the console file, which holds the sign-in link, is the owner's alone").isEqualTo("rw-------");

        List<String> atReady = lines(console);
        System.out.println("Console until ready:\n  " + String.join("\n  ", atReady));
        int bannerAt = atReady.indexOf(banner);
        List<String> before = atReady.subList(0, bannerAt);
        assertThat(before).as("console lines before the banner")
                .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("warning") || line.contains("ERROR")
                        || line.contains("[AUDIT") || line.contains("[INFO") || line.matches(".* [AIWE] [A-Z]{4,5}\\d{4}[IAWE]: .*"));
        assertThat(before.stream().filter(line -> !line.isBlank() && !line.matches("=+") && !line.contains(" SystemOut ")))
                .as("only the launch line comes before the banner").hasSizeLessThanOrEqualTo(1);
        assertThat(atReady.subList(bannerAt + 1, atReady.size())).as("after the banner, when it is printed")
                .allMatch(line -> line.isBlank() || line.matches("=+"));

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> Api.at(server.managementUri()).get("/health/ready", new String[0]).status() == 200);
        // The first terminal loads pty4j's native code through JNA (a restricted method on Java 22+).
        Api.Target api = Api.at(server.baseUri());
        Api.Reply admin = api.post("/api/v1/dev/token", null, DevTokens.body("console-check", secret, "user", "admin"));
        assertThat(admin.status()).as("admin is not issued unless configured: " + admin).isEqualTo(403);
        assertThat(admin.json().getString("error")).isEqualTo("dev_issuer_admin_off");
        Api.Reply token = api.post("/api/v1/dev/token", null, DevTokens.body("console-check", secret, "user"));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        String bearer = token.json().getString("token");
        Api.Reply workspace = api.post("/api/v1/workspaces", bearer, "{\"name\":\"console check\"}");
        assertThat(workspace.status()).as(workspace.toString()).isEqualTo(201);
        String id = workspace.json().getString("id");
        Api.Reply terminal = api.post("/api/v1/workspaces/" + id + "/terminals", bearer, "{\"cols\":80,\"rows\":24}");
        assertThat(terminal.status()).as(terminal.toString()).isEqualTo(201);

        assertThat(lines(console)).as("the whole console after the first terminal")
                .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("warning") || line.contains("ERROR")
                        || line.contains("restricted method"));
    }

    /**
     * Listening on every interface (as in a container), without an identity provider: the development
     * issuer does not start, and neither does the application; the console says why, once, and no
     * banner (no sign-in link) is printed.
     */
    @Test
    void listeningBeyondLoopback_noIdentityProvider_applicationRefusesToStartSayingWhyOnce() throws IOException {
        int port = freePort();
        server = new LibertyServer(Path.of(System.getProperty("coditect.it.wlp")),
                System.getProperty("coditect.it.console-server"), port);
        Files.deleteIfExists(server.logs().resolve("console.log"));
        Files.deleteIfExists(server.logs().resolve("messages.log"));
        server.launch(Map.of("HTTP_PORT", String.valueOf(port), "CODITECT_HTTP_HOST", "*", "CODITECT_HTTP_HOST_ALIASES", aliases(port)));
        Path console = server.logs().resolve("console.log");
        String refusal = "The development token issuer does not start: this server listens on *";
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> lines(console).stream().anyMatch(line -> line.contains(refusal)));
        // Liberty's own error that the application did not start follows.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> lines(console).stream().anyMatch(line -> line.contains("CWWKZ0002E")));

        List<String> shown = lines(console);
        System.out.println("Console of the refused start:\n  " + String.join("\n  ", shown));
        assertThat(shown.stream().filter(line -> line.contains(refusal))).as("the reason, said once").hasSize(1);
        assertThat(shown).as("what to do").anyMatch(line -> line.contains("CODITECT_HTTP_HOST=localhost")
                && line.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        assertThat(shown).noneMatch(line -> line.startsWith(BANNER) || line.contains("#sign-in="));
        assertThat(Api.at(server.baseUri()).get("/api/v1/sign-in", new String[0]).status()).as("no application")
                .isEqualTo(404);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose management port (LibertyServer's, {@link #managementPort}) is free too. */
    private static int freePort() throws IOException {
        for (;;) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    ServerSocket management = new ServerSocket(managementPort(socket.getLocalPort()), 1,
                            InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (BindException taken) {
                // Its management port is in use: try another.
            }
        }
    }

    /** Where LibertyServer puts this server's management port. */
    private static int managementPort(int port) {
        return Api.managementUri(URI.create("http://localhost:" + port)).getPort();
    }

    /**
     * The Host ports the application answers with HTTPS off (HTTPS_PORT=-1 in the server's
     * server.env): the default list names the HTTPS port, and Liberty warns about "*:-1" on the
     * console (CWWKT0026W), so a server without HTTPS sets the list without it, as the image does
     * (configuration.md, coditect.http.host-aliases).
     */
    private static String aliases(int port) {
        return "*:" + port + ",*:80,*:443";
    }
}
