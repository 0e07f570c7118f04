package io.coditect.auth;

import static io.coditect.testing.TestIdentityProvider.claims;
import static io.coditect.testing.TestIdentityProvider.sign;
import static io.coditect.testing.TestIdentityProvider.trustedKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No bearer token, accepted or refused, ends up in any of the server's log files: messages.log
 * (what the console shows), trace.log (where Liberty's hidden refusal messages go) and FFDC.
 */
@ExtendWith(ArquillianExtension.class)
class TokenLoggingIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void serverLogs_afterGenuineAndRefusedTokens_containNoTokenPart() throws IOException {
        String genuine = TestIdentityProvider.token("logan");
        String[] parts = genuine.split("\\.");
        String splicedUnderGenuineSignature = parts[0] + "." + TestIdentityProvider.token("logan", "admin").split("\\.")[1]
                + "." + parts[2];
        JwtClaims stale = claims("logan", "user");
        stale.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
        stale.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 1800));
        List<String> tokens = List.of(genuine, splicedUnderGenuineSignature, sign(stale, trustedKey()),
                sign(claims("logan", "user"), TestIdentityProvider.untrustedKey()),
                TestIdentityProvider.unsigned(claims("logan", "admin")), "garbage-token-" + parts[2]);

        for (String token : tokens) {
            Api.get("/api/v1/workspaces", token);
            Api.post("/api/v1/workspaces", token, "{\"name\":\"logged\"}");
        }

        String logs = allServerLogs();
        assertThat(logs).as("server logs").isNotBlank();
        for (String token : tokens) {
            for (String part : token.split("\\.")) {
                if (part.length() > 20) {
                    assertThat(logs).doesNotContain(part);
                }
            }
        }
    }

    private static String allServerLogs() throws IOException {
        Path directory = Path.of(System.getProperty("coditect.it.server-logs"));
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }
}
