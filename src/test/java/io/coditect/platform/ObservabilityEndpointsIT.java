package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DroppingProxy;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health, metrics and the OpenAPI document answer on the management port, and only there; the
 * application (API, attach, page) answers on the HTTP port, and only there, whatever Host header a
 * client sends (docs/deployment.md, "What answers where").
 */
@ExtendWith(ArquillianExtension.class)
class ObservabilityEndpointsIT {
    private static final String[] MANAGEMENT_PATHS = {
        "/metrics", "/metrics?scope=application", "/openapi", "/openapi/ui/", "/health", "/health/ready", "/health/live",
        "/health/started"};
    private static final String[] APPLICATION_PATHS = {
        "/", "/index.html", "/api/v1/ready", "/api/v1/sign-in", "/api/v1/workspaces", "/api/v1/workspaces/x/terminals/y/attach"};

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void metrics_noCredentials_prometheusText() {
        Api.Reply reply = Api.management().get("/metrics", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        assertThat(reply.body()).contains("# TYPE").contains("jvm_uptime_seconds");
    }

    @Test
    void metrics_afterCreatingWorkspace_applicationMetricUnderCoditectPrefix() {
        Api.post("/api/v1/workspaces", TestIdentityProvider.token("olivia"), "{\"name\":\"metered\"}");

        Api.Reply reply = Api.management().get("/metrics?scope=application", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).containsPattern("(?m)^coditect_workspaces_created_total\\{[^}]*mp_scope=\"application\"[^}]*} [1-9]");
    }

    @Test
    void openApi_document_listsWorkspaceApi() {
        Api.Reply reply = Api.management().get("/openapi", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("/api/v1/workspaces").contains("bearer");
    }

    @Test
    void openApiUi_page_served() {
        Api.Reply reply = Api.management().get("/openapi/ui/", (String) null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/html");
        assertThat(reply.body()).containsIgnoringCase("openapi");
    }

    @Test
    void applicationPort_readiness_upWithoutDetails() {
        Api.Reply reply = Api.get("/api/v1/ready", null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void applicationPort_healthMetricsOpenApi_notFound() {
        for (String path : MANAGEMENT_PATHS) {
            Api.Reply reply = Api.get(path, null);
            assertThat(reply.status()).as("%s on the HTTP port: %s", path, reply).isEqualTo(404);
        }
    }

    @Test
    void managementPort_application_notFound() {
        String token = TestIdentityProvider.token("olivia");
        for (String path : APPLICATION_PATHS) {
            Api.Reply reply = Api.management().get(path, token);
            assertThat(reply.status()).as("%s on the management port: %s", path, reply).isEqualTo(404);
        }
    }

    /** Liberty picks a virtual host by the Host header's port; the endpoint a request came in on decides. */
    @Test
    void hostHeaderOfTheOtherPort_stillNotServed() throws IOException {
        URI application = Api.baseUri();
        URI management = Api.managementUri(application);

        assertThat(statusLine(application, "/metrics", management.getPort()))
                .as("/metrics on the HTTP port, Host naming the management port").contains(" 404 ");
        assertThat(statusLine(application, "/health/ready", management.getPort()))
                .as("/health/ready on the HTTP port, Host naming the management port").contains(" 404 ");
        assertThat(statusLine(management, "/api/v1/ready", application.getPort()))
                .as("/api/v1/ready on the management port, Host naming the HTTP port").contains(" 404 ");
        assertThat(statusLine(application, "/api/v1/ready", application.getPort()))
                .as("the same request with the Host it belongs to").contains(" 200 ");
    }

    /**
     * The price of the above (deployment.md, "What answers where"): a Host port outside
     * coditect.http.host-aliases (a tunnel or proxy on another port) gets Liberty's 404; a listed one
     * (the test server lists the browser tests' proxy port) reaches the application; the management
     * port answers any Host port but the application's.
     */
    @Test
    void hostPortOutsideTheAliases_applicationNotFound_listedPortServed() throws IOException {
        URI application = Api.baseUri();
        URI management = Api.managementUri(application);
        int unlisted = application.getPort() + 1;

        assertThat(reply(application, "/api/v1/ready", unlisted))
                .as("/api/v1/ready on the HTTP port, Host naming a port outside the aliases")
                .contains(" 404 ").contains("The application or context root for this request has not been found");
        assertThat(statusLine(application, "/api/v1/ready", application.getPort() + DroppingProxy.PORT_OFFSET))
                .as("the same request, Host naming a port in the aliases").contains(" 200 ");
        assertThat(statusLine(management, "/health/ready", unlisted))
                .as("/health/ready on the management port, Host naming another port").contains(" 200 ");
    }

    /** The status line of a GET sent with a Host header the JDK's HTTP client would not let a caller set. */
    private static String statusLine(URI server, String path, int hostPort) throws IOException {
        String reply = reply(server, path, hostPort);
        return reply.lines().findFirst().orElse("").strip();
    }

    /** The whole answer (status line, headers, body) to such a GET. */
    private static String reply(URI server, String path, int hostPort) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + hostPort + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
