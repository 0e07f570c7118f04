package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class ObservabilityEndpointsIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void metrics_noCredentials_prometheusText() {
        Api.Reply reply = Api.get("/metrics", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        assertThat(reply.body()).contains("# TYPE").contains("jvm_uptime_seconds");
    }

    @Test
    void metrics_afterCreatingWorkspace_applicationMetricUnderCoditectPrefix() {
        Api.post("/api/v1/workspaces", TestIdentityProvider.token("olivia"), "{\"name\":\"metered\"}");

        Api.Reply reply = Api.get("/metrics?scope=application", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).containsPattern("(?m)^coditect_workspaces_created_total\\{[^}]*mp_scope=\"application\"[^}]*} [1-9]");
    }

    @Test
    void openApi_document_listsWorkspaceApi() {
        Api.Reply reply = Api.get("/openapi", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("/api/v1/workspaces").contains("bearer");
    }

    @Test
    void openApiUi_page_served() {
        Api.Reply reply = Api.get("/openapi/ui/", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/html");
        assertThat(reply.body()).containsIgnoringCase("openapi");
    }
}
