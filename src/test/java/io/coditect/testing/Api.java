package io.coditect.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the integration-test server (JDK HttpClient, JSON through JSON-P). */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Api() {
    }

    /** The reply to one request. */
    public record Reply(int status, String body, HttpHeaders headers) {
        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray jsonArray() {
            return (JsonArray) parse();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        private JsonStructure parse() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * How far above its HTTP port a test server's management port is (health, metrics, OpenAPI):
     * the Arquillian servers' server.xml sets {@code management.port} so, and {@link LibertyServer}
     * passes {@code MANAGEMENT_PORT} so to the servers it starts.
     */
    public static final int MANAGEMENT_PORT_OFFSET = 40;

    public static URI baseUri() {
        return URI.create(System.getProperty("coditect.it.base-url", "http://localhost:9180"));
    }

    /** The management address of the test server at {@code base}: same host, its management port. */
    public static URI managementUri(URI base) {
        return URI.create(base.getScheme() + "://" + base.getHost() + ":" + (base.getPort() + MANAGEMENT_PORT_OFFSET));
    }

    /** The integration-test server's health, metrics and OpenAPI document, on its management port. */
    public static Target management() {
        return at(managementUri(baseUri()));
    }

    public static URI uri(String path) {
        return baseUri().resolve(path);
    }

    public static Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    public static Reply delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public static Reply post(String path, String token, String json) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public static Reply method(String method, String path, String token, String json) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest.Builder builder = request(path, token).method(method, body);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder);
    }

    public static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpClient client() {
        return CLIENT;
    }

    /** Calls to another server than the integration-test server, such as a gateway or an agent the test runs. */
    public static Target at(URI base) {
        return new Target(base);
    }

    /** The same calls, on the server at {@code base}; {@code headers} are name, value pairs. */
    public record Target(URI base) {
        public Reply get(String path, String token) {
            return send(request(path, token).GET());
        }

        public Reply delete(String path, String token) {
            return send(request(path, token).DELETE());
        }

        public Reply post(String path, String token, String json) {
            return send(request(path, token)
                    .header("Content-Type", "application/json")
                    .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
        }

        /** A GET with exactly these headers (e.g. a credential other than a bearer token). */
        public Reply get(String path, String... headers) {
            HttpRequest.Builder request = request(path, null).GET();
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request);
        }

        public HttpRequest.Builder request(String path, String token) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return builder;
        }
    }
}
