package io.coditect.gateway;

import io.coditect.auth.AgentProtocol;
import io.coditect.auth.ServiceCredentialIssuer;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;

/**
 * The gateway's calls to a workspace's agent: its terminal API under {@code /api/agent/v1}, each
 * with a fresh service credential. The agent's own refusals (a bad working directory, one terminal
 * too many, a shell that did not start) reach the caller unchanged; an agent that cannot be
 * reached, is not ready or refuses the gateway is {@code 503 agent_unavailable}; one of another
 * release, which refuses this gateway's protocol version, is {@code 503 agent_version_mismatch}.
 *
 * <p>One JDK HttpClient serves the REST calls and the attach WebSockets: its WebSocket has explicit
 * demand ({@code request(n)}), which is how a slow browser holds back the agent.
 */
@ApplicationScoped
public class AgentClient {
    private static final Logger LOG = Logger.getLogger(AgentClient.class.getName());
    static final String API = "/api/agent/v1/workspaces/";
    /** Seconds a client should wait before asking again for a workspace whose agent is away. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final GatewaySettings settings;
    private final ServiceCredentialIssuer credentials;
    private final RelayMetrics metrics;
    private final HttpClient http;

    /** For the CDI client proxy only. */
    protected AgentClient() {
        this.settings = null;
        this.credentials = null;
        this.metrics = null;
        this.http = null;
    }

    @Inject
    public AgentClient(GatewaySettings settings, ServiceCredentialIssuer credentials, RelayMetrics metrics) {
        this.settings = settings;
        this.credentials = credentials;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    TerminalInfo create(String workspaceId, String user, TerminalSpec spec) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("shell", spec.shell()).add("cols", spec.cols()).add("rows", spec.rows());
        if (spec.cwd() != null) {
            body.add("cwd", spec.cwd());
        }
        JsonObjectBuilder env = Json.createObjectBuilder();
        spec.env().forEach(env::add);
        body.add("env", env);
        HttpRequest request = request(terminals(workspaceId), workspaceId, user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()))
                .build();
        Reply reply = send(request, workspaceId);
        if (reply.status() != 201) {
            throw refusal(reply, workspaceId);
        }
        return terminal((JsonObject) reply.json());
    }

    List<TerminalInfo> list(String workspaceId, String user) {
        Reply reply = send(request(terminals(workspaceId), workspaceId, user).GET().build(), workspaceId);
        if (reply.status() != 200) {
            throw refusal(reply, workspaceId);
        }
        return reply.json().asJsonArray().getValuesAs(JsonObject.class).stream().map(AgentClient::terminal).toList();
    }

    Optional<TerminalInfo> find(String workspaceId, String terminalId, String user) {
        Reply reply = send(request(terminal(workspaceId, terminalId), workspaceId, user).GET().build(), workspaceId);
        if (reply.isTerminalNotFound()) {
            return Optional.empty();
        }
        if (reply.status() != 200) {
            throw refusal(reply, workspaceId);
        }
        return Optional.of(terminal((JsonObject) reply.json()));
    }

    boolean delete(String workspaceId, String terminalId, String user) {
        Reply reply = send(request(terminal(workspaceId, terminalId), workspaceId, user).DELETE().build(), workspaceId);
        if (reply.isTerminalNotFound()) {
            return false;
        }
        if (reply.status() != 204) {
            throw refusal(reply, workspaceId);
        }
        return true;
    }

    /** The agent's attach WebSocket for the terminal, from {@code offset} when given. */
    URI attachUri(String workspaceId, String terminalId, OptionalLong offset) {
        URI http = terminal(workspaceId, terminalId);
        String ws = http.toString().replaceFirst("^http", "ws") + "/attach";
        return URI.create(offset.isPresent() ? ws + "?offset=" + offset.getAsLong() : ws);
    }

    String credential(String workspaceId, String user) {
        return credentials.issue(workspaceId, user);
    }

    HttpClient http() {
        return http;
    }

    GatewaySettings settings() {
        return settings;
    }

    /** The refusal for an agent that cannot be reached or will not serve: counted, with Retry-After. */
    ApiException unavailable(String workspaceId, String why) {
        metrics.agentUnavailable();
        LOG.fine(() -> "agent of " + workspaceId + " unavailable: " + why);
        return ApiException.unavailable("agent_unavailable", "The terminals of workspace " + workspaceId
                + " cannot be reached right now (its pod may be restarting); try again shortly.", RETRY_AFTER_SECONDS);
    }

    /**
     * The agent's refusal of this gateway's protocol version ({@link AgentProtocol}), for a call or an
     * upgrade, as a 503 for the client: retrying reaches an up-to-date gateway while gateways are
     * being upgraded, and a stop and start brings the workspace's agent to the current image.
     */
    static Optional<ApiException> versionMismatch(String workspaceId, int status, String body) {
        Optional<JsonObject> error = new Reply(status, body).error();
        if (status != 400 || error.isEmpty() || !AgentProtocol.VERSION_MISMATCH.equals(error.get().getString("error", ""))) {
            return Optional.empty();
        }
        String agentSays = error.get().getString("message", "");
        LOG.warning(() -> "The agent of " + workspaceId + " refused this gateway's protocol version: " + agentSays);
        return Optional.of(ApiException.unavailable(AgentProtocol.VERSION_MISMATCH, "The agent of workspace "
                + workspaceId + " runs a release that does not fit this gateway's (agent protocol " + AgentProtocol.VERSION
                + " here; the agent says: " + agentSays + ") Stop and start the workspace to bring its agent up to date;"
                + " while the gateways are being upgraded, trying again shortly may be enough.", RETRY_AFTER_SECONDS));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private URI terminals(String workspaceId) {
        return URI.create(settings.agentOf(workspaceId) + API + workspaceId + "/terminals");
    }

    private URI terminal(String workspaceId, String terminalId) {
        return URI.create(settings.agentOf(workspaceId) + API + workspaceId + "/terminals/" + terminalId);
    }

    private HttpRequest.Builder request(URI uri, String workspaceId, String user) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + credential(workspaceId, user))
                .header(AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION));
    }

    private Reply send(HttpRequest request, String workspaceId) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw unavailable(workspaceId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(workspaceId, "interrupted");
        }
    }

    /**
     * An agent's answer that is not the expected one: its own JSON refusal of the request (4xx, or
     * a shell that did not start) goes to the caller as it is; anything else means the agent cannot
     * serve now.
     */
    private ApiException refusal(Reply reply, String workspaceId) {
        Optional<ApiException> otherVersion = versionMismatch(workspaceId, reply.status(), reply.body());
        if (otherVersion.isPresent()) {
            return otherVersion.get();
        }
        Optional<JsonObject> error = reply.error();
        if (reply.status() == 401 || reply.status() == 403) {
            LOG.warning(() -> "The agent of " + workspaceId + " refused the gateway's service credential ("
                    + error.map(e -> e.getString("error", "")).orElse("no detail") + "): do the gateway's signing key "
                    + "and the agents' trusted keys match?");
            return unavailable(workspaceId, "credential refused");
        }
        if (error.isPresent() && reply.status() >= 400 && reply.status() < 500
                && !"workspace_not_found".equals(error.get().getString("error")) && !"not_found".equals(error.get().getString("error"))) {
            return new ApiException(reply.status(), error.get().getString("error"), error.get().getString("message", ""));
        }
        if (error.isPresent() && reply.status() == 503 && "terminal_start_failed".equals(error.get().getString("error"))) {
            return ApiException.unavailable("terminal_start_failed", error.get().getString("message", ""));
        }
        return unavailable(workspaceId, "status " + reply.status());
    }

    static TerminalInfo terminal(JsonObject json) {
        return new TerminalInfo(
                json.getString("id"),
                json.getString("workspaceId"),
                json.getString("shell"),
                json.getString("cwd"),
                json.getInt("cols"),
                json.getInt("rows"),
                TerminalState.valueOf(json.getString("status").toUpperCase(Locale.ROOT)),
                json.containsKey("exitCode") && json.get("exitCode").getValueType() == JsonValue.ValueType.NUMBER
                        ? json.getInt("exitCode") : null,
                json.getJsonNumber("ringStart").longValue(),
                json.getJsonNumber("offset").longValue(),
                json.getInt("clients"),
                Instant.parse(json.getString("createdAt")),
                Instant.parse(json.getString("lastActiveAt")));
    }

    /** One answer of an agent. */
    private record Reply(int status, String body) {
        JsonStructure json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        /** The API's error body, when the answer has one. */
        Optional<JsonObject> error() {
            try {
                return json() instanceof JsonObject object && object.containsKey("error")
                        ? Optional.of(object) : Optional.empty();
            } catch (JsonException | IllegalStateException e) {
                return Optional.empty();
            }
        }

        boolean isTerminalNotFound() {
            return status == 404 && error().map(e -> "terminal_not_found".equals(e.getString("error", ""))).orElse(false);
        }
    }
}
