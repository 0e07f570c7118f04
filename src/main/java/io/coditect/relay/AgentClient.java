package io.coditect.relay;

import io.coditect.terminal.TerminalRefusals;
import io.coditect.auth.AgentProtocol;
import io.coditect.auth.ServiceCredentialIssuer;
import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingIds;
import io.coditect.recording.RecordingInfo;
import io.coditect.recording.RecordingList;
import io.coditect.recording.RecordingResource;
import io.coditect.terminal.CreateTerminalRequest;
import io.coditect.terminal.TerminalIds;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.TerminalView;
import io.coditect.workspace.WorkspaceIds;
import io.coditect.workspace.WorkspaceRefusals;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The gateway's calls to a workspace's agent under {@code /api/agent/v1}, each with a fresh service
 * credential: the terminal API, typed with JSON-B on the public API's own records
 * ({@link CreateTerminalRequest} out, {@link TerminalView} back), the attach WebSocket, the
 * recordings' descriptions ({@link RecordingList}, {@link RecordingInfo}), and the file calls' and
 * recording downloads' exchanges. The agent's own refusals (a bad working directory, one terminal too many,
 * a shell that did not start) reach the caller as {@link AgentRefusals} decides by status and error
 * code; an agent that cannot be reached, answers out of shape or beyond {@link BoundedBody}'s cap,
 * or refuses the gateway is {@code 503 agent_unavailable}.
 *
 * <p>One JDK HttpClient serves the REST calls, each answer read through {@link BoundedBody}
 * (MicroProfile Rest Client would hide the body subscriber that caps an untrusted agent's answer).
 * The attach WebSockets are {@link AgentSockets}' (Netty): the JDK's WebSocket client reads a
 * refused upgrade's body without a cap.
 */
@Immutable
public class AgentClient {
    private static final Logger LOG = Logger.getLogger(AgentClient.class.getName());
    static final String API = "/api/agent/v1/workspaces/";
    /** Seconds a client should wait before asking again for a workspace whose agent is away. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final Jsonb JSON = JsonbBuilder.create();

    private final GatewaySettings settings;
    private final ServiceCredentialIssuer credentials;
    private final RelayMetrics metrics;
    private final AgentSockets sockets;
    private final HttpClient http;

    @Inject
    public AgentClient(GatewaySettings settings, ServiceCredentialIssuer credentials, RelayMetrics metrics, AgentSockets sockets) {
        this.settings = settings;
        this.credentials = credentials;
        this.metrics = metrics;
        this.sockets = sockets;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public TerminalInfo create(String workspaceId, String user, TerminalSpec spec) {
        String body = JSON.toJson(new CreateTerminalRequest(spec.cols(), spec.rows(), spec.shell(), spec.cwd(), spec.env(),
                spec.recording()));
        Reply reply = call(request(terminals(workspaceId), workspaceId, user, settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), workspaceId);
        return terminal(reply.expect(201).as(TerminalView.class), workspaceId);
    }

    public List<TerminalInfo> list(String workspaceId, String user) {
        Reply reply = call(request(terminals(workspaceId), workspaceId, user, settings.requestTimeout()).GET(), workspaceId);
        return Arrays.stream(reply.expect(200).as(TerminalView[].class)).map(view -> terminal(view, workspaceId)).toList();
    }

    public Optional<TerminalInfo> find(String workspaceId, String terminalId, String user) {
        Reply reply = call(request(terminal(workspaceId, terminalId), workspaceId, user, settings.requestTimeout()).GET(),
                workspaceId);
        if (reply.terminalNotFound()) {
            return Optional.empty();
        }
        return Optional.of(terminal(reply.expect(200).as(TerminalView.class), workspaceId));
    }

    public boolean delete(String workspaceId, String terminalId, String user) {
        Reply reply = call(request(terminal(workspaceId, terminalId), workspaceId, user, settings.requestTimeout()).DELETE(),
                workspaceId);
        if (reply.terminalNotFound()) {
            return false;
        }
        reply.expect(204);
        return true;
    }

    /** The agent's recordings of the workspace, as it lists them (checked by {@link RemoteRecordings}). */
    public RecordingList recordings(String workspaceId, String user) {
        Reply reply = call(request(workspaceUri(workspaceId, "recordings"), workspaceId, user, settings.requestTimeout()).GET(),
                workspaceId);
        return reply.expect(200).as(RecordingList.class);
    }

    /** One recording's description as the agent gives it; empty when the agent has no such recording. */
    public Optional<RecordingInfo> recording(String workspaceId, String recordingId, String user) {
        Reply reply = call(request(recordingUri(workspaceId, recordingId), workspaceId, user, settings.requestTimeout()).GET(),
                workspaceId);
        if (reply.refusedWith(RecordingResource.notFound(workspaceId, recordingId))) {
            return Optional.empty();
        }
        return Optional.of(reply.expect(200).as(RecordingInfo.class));
    }

    /** A recording's address at the agent; the id is checked before it goes into a URL. */
    URI recordingUri(String workspaceId, String recordingId) {
        if (!RecordingIds.isWellFormed(recordingId)) {
            throw RecordingResource.notFound(workspaceId, recordingId);
        }
        return workspaceUri(workspaceId, "recordings/" + recordingId);
    }

    /**
     * Opens the agent's attach WebSocket for the terminal, from {@code offset} when given, with
     * {@code listener} receiving it. The whole handshake takes at most the connect timeout; a
     * refused upgrade fails the future with {@link AgentSocket.Refused} (its status and at most
     * {@link AgentSockets#MAX_REFUSAL_BYTES} of its body).
     */
    CompletableFuture<AgentSocket> attach(String workspaceId, String terminalId, String user, OptionalLong offset,
            AgentSocket.Listener listener) {
        URI uri = attachUri(workspaceId, terminalId, offset);
        return sockets.open(uri, Map.of("Authorization", "Bearer " + credentials.issue(workspaceId, user),
                AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION)), settings.connectTimeout(), listener);
    }

    /**
     * One streamed exchange with the agent (the file calls): {@code request} gets the credential and
     * protocol headers; the reply's body fails a read that waits longer than the request timeout
     * ({@link AgentBody}). An agent that cannot be reached is {@code 503 agent_unavailable}.
     */
    HttpResponse<InputStream> exchange(HttpRequest.Builder request, String workspaceId, String user) {
        try {
            return http.send(authorized(request, workspaceId, user).build(), AgentBody.handler(settings.requestTimeout()));
        } catch (IOException | UncheckedIOException e) {
            throw unavailable(workspaceId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(workspaceId, "interrupted");
        }
    }

    /** The refusal for an agent that cannot be reached or will not serve: counted, with Retry-After. */
    public ApiException unavailable(String workspaceId, String why) {
        metrics.agentUnavailable();
        LOG.fine(() -> "agent of " + workspaceId + " unavailable: " + why);
        return ApiException.unavailable("agent_unavailable", "The terminals of workspace " + workspaceId
                + " cannot be reached right now (its pod may be restarting); try again shortly.", RETRY_AFTER_SECONDS);
    }

    /** What the relay needs of the gateway's settings: its window and timeouts. */
    GatewaySettings settings() {
        return settings;
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The workspace's part of its agent's API; the id is checked before it goes into a URL. */
    URI workspaceUri(String workspaceId, String rest) {
        if (!WorkspaceIds.isWellFormed(workspaceId)) {
            throw WorkspaceRefusals.notFound(workspaceId);
        }
        return URI.create(settings.agentOf(workspaceId) + API + workspaceId + "/" + rest);
    }

    /** The agent's attach WebSocket address for the terminal, from {@code offset} when given. */
    URI attachUri(String workspaceId, String terminalId, OptionalLong offset) {
        String ws = terminal(workspaceId, terminalId).toString().replaceFirst("^http", "ws") + "/attach";
        return URI.create(offset.isPresent() ? ws + "?offset=" + offset.getAsLong() : ws);
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

    private HttpRequest.Builder request(URI uri, String workspaceId, String user, Duration timeout) {
        return authorized(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json"), workspaceId, user);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request, String workspaceId, String user) {
        return request.header("Authorization", "Bearer " + credentials.issue(workspaceId, user))
                .header(AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION));
    }

    /**
     * One call, answered within the request timeout (headers and body: the JDK's own timeout ends
     * with the headers) and read to at most {@link BoundedBody#MAX_BYTES}; otherwise the agent is
     * unavailable and the exchange is cancelled.
     */
    private Reply call(HttpRequest.Builder request, String workspaceId) {
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request.build(), BoundedBody.handler(BoundedBody.MAX_BYTES));
        try {
            HttpResponse<byte[]> response = call.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Reply(workspaceId, response.statusCode(), response.body());
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

    /** A terminal as the agent describes it; a description that is not one means the agent is broken. */
    private TerminalInfo terminal(TerminalView view, String workspaceId) {
        if (view == null || view.cwd() == null || view.shell() == null || view.status() == null || view.createdAt() == null
                || view.lastActiveAt() == null || view.cols() <= 0 || view.rows() <= 0) {
            throw unavailable(workspaceId, "an incomplete terminal description");
        }
        if (!TerminalIds.isWellFormed(view.id()) || !workspaceId.equals(view.workspaceId())) {
            throw unavailable(workspaceId, "a terminal description names another terminal or workspace");
        }
        try {
            return view.info();
        } catch (IllegalArgumentException e) {
            throw unavailable(workspaceId, "a terminal description with an unknown status: " + e);
        }
    }

    /** One answer of an agent. */
    private final class Reply {
        private final String workspaceId;
        private final int status;
        private final byte[] body;

        Reply(String workspaceId, int status, byte[] body) {
            this.workspaceId = workspaceId;
            this.status = status;
            this.body = body;
        }

        /** This answer if it has the call's success status; else the refusal, as {@link AgentRefusals} decides. */
        Reply expect(int success) {
            if (status != success) {
                throw AgentRefusals.of(workspaceId, status, AgentRefusals.error(body), () -> unavailable(workspaceId, "status " + status));
            }
            return this;
        }

        boolean terminalNotFound() {
            return AgentRefusals.terminalNotFound(status, AgentRefusals.error(body));
        }

        /** Whether the agent refused with the status and code of {@code refusal}. */
        boolean refusedWith(ApiException refusal) {
            return status == refusal.status()
                    && AgentRefusals.error(body).map(error -> error.code().equals(refusal.code())).orElse(false);
        }

        /** The body as {@code type}; a body that is not one means the agent is broken. */
        <T> T as(Class<T> type) {
            try {
                return JSON.fromJson(new String(body, StandardCharsets.UTF_8), type);
            } catch (JsonbException | DateTimeException | IllegalArgumentException | ClassCastException e) {
                throw unavailable(workspaceId, "an answer that is not a " + type.getSimpleName() + ": " + e);
            }
        }
    }
}
