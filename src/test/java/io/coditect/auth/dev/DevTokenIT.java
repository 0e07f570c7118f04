package io.coditect.auth.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a standalone server whose operator configured an identity provider's key (the main
 * integration-test server), the development issuer steps aside: its path does not exist, its key
 * is not made, and the log says why.
 */
@ExtendWith(ArquillianExtension.class)
class DevTokenIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void issue_operatorKeyConfigured_notFound() {
        Api.Reply reply = Api.post("/api/v1/dev/token", null, DevTokens.body("mallory", "any-secret", "admin"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
        assertThat(reply.json().getString("error")).isEqualTo("not_found");
        assertThat(reply.body()).doesNotContain("token\":");
    }

    @Test
    void signInOptions_operatorKeyConfigured_devIssuerOff() {
        Api.Reply reply = Api.get("/api/v1/sign-in", null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().getString("devIssuer")).isEqualTo("off");
    }

    @Test
    void startUp_operatorKeyConfigured_logsWhyIssuerIsOffAndMakesNoKey() throws IOException {
        String messages = Files.readString(Path.of(System.getProperty("coditect.it.server-logs"), "messages.log"));

        assertThat(messages).contains("Development token issuer is off: mp.jwt.verify.publickey.location is configured");
        assertThat(Path.of(System.getProperty("coditect.it.data-dir"), "dev-issuer")).doesNotExist();
    }
}
