package io.coditect.relay;

import io.coditect.terminal.TerminalRefusals;
import io.coditect.auth.AgentProtocol;
import io.coditect.auth.ServiceCredentialIssuer;
import io.coditect.platform.error.ApiException;
import io.coditect.terminal.TerminalIds;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalState;
import io.coditect.workspace.WorkspaceIds;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        return terminal(reply.json(workspaceId), workspaceId);
    }

    List<TerminalInfo> list(String workspaceId, String user) {
        Reply reply = send(request(terminals(workspaceId), workspaceId, user).GET().build(), workspaceId);
        if (reply.status() != 200) {
            throw refusal(reply, workspaceId);
        }
        if (!(reply.json(workspaceId) instanceof JsonArray terminals)) {
            throw unavailable(workspaceId, "the terminal list is not a JSON array");
        }
        return terminals.stream().map(terminal -> terminal(terminal instanceof JsonStructure s ? s : null, workspaceId)).toList();
    }

    Optional<TerminalInfo> find(String workspaceId, String terminalId, String user) {
        Reply reply = send(request(terminal(workspaceId, terminalId), workspaceId, user).GET().build(), workspaceId);
        if (reply.isTerminalNotFound()) {
            return Optional.empty();
        }
        if (reply.status() != 200) {
            throw refusal(reply, workspaceId);
        }
        return Optional.of(terminal(reply.json(workspaceId), workspaceId));
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

    @PreDestroy
    void close() {
        http.close();
    }

    /** The workspace's part of its agent's API; the id is checked before it goes into a URL. */
    URI workspaceUri(String workspaceId, String rest) {
        if (!WorkspaceIds.isWellFormed(workspaceId)) {
            throw ApiException.notFound("workspace_not_found", "There is no workspace " + workspaceId + ".");
        }
        return URI.create(settings.agentOf(workspaceId) + API + workspaceId + "/" + rest);
    }

    private URI terminals(String workspaceId) {
        return workspaceUri(workspaceId, "terminals");
    }

    private URI terminal(String workspaceId, String terminalId) {
        if (!TerminalIds.isWellFormed(terminalId)) {
            throw TerminalRefusals.notFound(terminalId);
        }
        return workspaceUri(workspaceId, "terminals/" + terminalId);
    }

    private HttpRequest.Builder request(URI uri, String workspaceId, String user) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + credential(workspaceId, user))
                .header(AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION));
    }

    /**
     * One call, answered within the request timeout (headers and body: the JDK's own timeout ends
     * with the headers) and read to at most {@link BoundedBody#MAX_BYTES}; otherwise the agent is
     * unavailable and the exchange is cancelled.
     */
    private Reply send(HttpRequest request, String workspaceId) {
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, BoundedBody.handler(BoundedBody.MAX_BYTES));
        try {
            HttpResponse<byte[]> response = call.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Reply(response.statusCode(), response.body());
        } catch (ExecutionException e) {
            throw unavailable(workspaceId, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            call.cancel(true);
            throw unavailable(workspaceId, "no whole answer within " + settings.requestTimeout());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(workspaceId, "interrupted");
        }
    }

    /** An agent's answer that is not the expected one, as {@link AgentRefusals} decides. */
    private ApiException refusal(Reply reply, String workspaceId) {
        return AgentRefusals.of(workspaceId, reply.status(), reply.error(), () -> unavailable(workspaceId, "status " + reply.status()));
    }

    /** A terminal as the agent describes it; a description that is not one means the agent is broken. */
    private TerminalInfo terminal(JsonStructure json, String workspaceId) {
        try {
            TerminalInfo terminal = terminal((JsonObject) json);
            if (!TerminalIds.isWellFormed(terminal.id()) || !workspaceId.equals(terminal.workspaceId())) {
                throw unavailable(workspaceId, "a terminal description names another terminal or workspace");
            }
            return terminal;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException | DateTimeException e) {
            throw unavailable(workspaceId, "a malformed terminal description: " + e);
        }
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
    private final class Reply {
        private final int status;
        private final byte[] body;

        Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        /** The body as JSON; a body that is not JSON means the agent is broken. */
        JsonStructure json(String workspaceId) {
            try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
                return reader.read();
            } catch (JsonException | IllegalStateException e) {
                throw unavailable(workspaceId, "an answer that is not JSON");
            }
        }

        Optional<AgentRefusals.AgentError> error() {
            return AgentRefusals.error(body);
        }

        boolean isTerminalNotFound() {
            return AgentRefusals.terminalNotFound(status, error());
        }
    }
}
