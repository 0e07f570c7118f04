package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class ErrorResponsesIT {
    private static final String TOKEN = TestIdentityProvider.token("erin");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void unknownApiPath_withToken_jsonNotFound() {
        assertJsonError(Api.get("/api/v1/nothing-here", TOKEN), 404, "not_found");
    }

    @Test
    void unknownPathOutsideApi_jsonNotFound() {
        assertJsonError(Api.get("/no/such/page", null), 404, "not_found");
    }

    @Test
    void wrongMethod_jsonMethodNotAllowed() {
        assertJsonError(Api.method("PUT", "/api/v1/workspaces", TOKEN, "{}"), 405, "method_not_allowed");
    }

    @Test
    void noToken_jsonUnauthorized() {
        assertJsonError(Api.get("/api/v1/workspaces", null), 401, "unauthorized");
    }

    @Test
    void tokenSignedByAnotherKey_jsonInvalidToken() {
        String forged = TestIdentityProvider.sign(TestIdentityProvider.claims("erin", "user"),
                TestIdentityProvider.untrustedKey());

        Api.Reply reply = Api.get("/api/v1/workspaces", forged);

        assertJsonError(reply, 401, "invalid_token");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void malformedJson_jsonBadRequest() {
        assertJsonError(Api.post("/api/v1/workspaces", TOKEN, "{\"name\": "), 400, "malformed_json");
    }

    @Test
    void wrongMediaType_jsonUnsupportedMediaType() {
        Api.Reply reply = Api.send(Api.request("/api/v1/workspaces", TOKEN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=x")));

        assertJsonError(reply, 415, "unsupported_media_type");
    }

    @Test
    void bodyOverLimitWithLength_payloadTooLarge() {
        String big = "{\"name\":\"" + "a".repeat(1_100_000) + "\"}";

        assertJsonError(Api.post("/api/v1/workspaces", TOKEN, big), 413, "payload_too_large");
    }

    @Test
    void bodyOverLimitChunked_payloadTooLarge() {
        Api.Reply reply = Api.send(Api.request("/api/v1/workspaces", TOKEN)
                .header("Content-Type", "application/json")
                .POST(unsizedBody("{\"name\":\"".getBytes(), "a".repeat(64 * 1024).getBytes(), 20)));

        assertJsonError(reply, 413, "payload_too_large");
    }

    private static void assertJsonError(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().getString("error")).isEqualTo(code);
        assertThat(reply.json().getString("message")).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** A body sent chunked, without a Content-Length: {@code head}, then {@code times} copies of {@code chunk}. */
    private static HttpRequest.BodyPublisher unsizedBody(byte[] head, byte[] chunk, int times) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                Stream.concat(Stream.of(head), Stream.generate(() -> chunk).limit(times))
                        .map(ByteArrayInputStream::new)
                        .toList())));
    }
}
