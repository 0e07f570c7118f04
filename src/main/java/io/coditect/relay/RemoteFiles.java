package io.coditect.relay;

import io.coditect.files.FileOperations;
import io.coditect.files.FilePath;
import io.coditect.files.FileQuery;
import io.coditect.files.FileSettings;
import io.coditect.files.Precondition;
import io.coditect.files.TransferRequest;
import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.WorkspaceActivity;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The gateway's file calls: each goes to the workspace's agent ({@code /api/agent/v1/.../files}),
 * with a service credential for the workspace's owner, and the agent's answer comes back
 * streamed both ways ({@code BodyPublishers.ofInputStream}, {@link AgentBody}): no body is ever
 * whole in the gateway's memory. The agent is not trusted: only known headers pass, each checked
 * ({@link AgentReplies}), a JSON answer is read to a cap, a byte answer is cut at its declared
 * length, a transfer slower than {@link #MIN_BYTES_PER_SECOND} times out, and a reply body the
 * agent stops sending is cut after the agent request timeout without a byte.
 */
@Immutable
@Typed(RemoteFiles.class)
public class RemoteFiles implements FileOperations {
    /** The slowest body a transfer's timeout allows for. */
    static final long MIN_BYTES_PER_SECOND = 1024 * 1024;

    private final AgentClient agents;
    private final WorkspaceOwners owners;
    private final FileSettings settings;
    private final WorkspaceActivity activity;

    @Inject
    public RemoteFiles(AgentClient agents, WorkspaceOwners owners, FileSettings settings, WorkspaceActivity activity) {
        this.agents = agents;
        this.owners = owners;
        this.settings = settings;
        this.activity = activity;
    }

    @Override
    public Response get(String workspaceId, FilePath path, FileQuery query) {
        StringJoiner params = new StringJoiner("&");
        if (query.stat()) {
            params.add("stat");
        }
        if (query.download()) {
            params.add("download");
        }
        if (query.cursor() != null) {
            params.add("cursor=" + encode(query.cursor()));
        }
        if (query.limit() != null) {
            params.add("limit=" + query.limit());
        }
        HttpRequest.Builder request = request(files(workspaceId, path, params.toString()),
                agents.settings().requestTimeout()).GET();
        header(request, "Range", query.range());
        header(request, "If-None-Match", query.ifNoneMatch());
        return relay(request, workspaceId);
    }

    @Override
    public Response put(String workspaceId, FilePath path, InputStream body, Long length, Precondition precondition) {
        if (length != null && length > settings.maxWriteBytes()) {
            throw new ApiException(413, "file_too_large",
                    "The file is larger than " + settings.maxWriteBytes() + " bytes, the most allowed.");
        }
        long expected = length == null ? settings.maxWriteBytes() : length;
        // An empty file has no body to stream (a sized publisher refuses length 0).
        HttpRequest.BodyPublisher publisher = length != null && length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofInputStream(() -> body);
        HttpRequest.Builder request = request(files(workspaceId, path, ""), transferTimeout(expected))
                .header("Content-Type", "application/octet-stream")
                .PUT(length == null || length == 0 ? publisher : HttpRequest.BodyPublishers.fromPublisher(publisher, length));
        header(request, "If-Match", precondition.ifMatch());
        header(request, "If-None-Match", precondition.mustNotExist() ? "*" : null);
        return relay(request, workspaceId);
    }

    @Override
    public Response mkdir(String workspaceId, FilePath path, boolean parents) {
        return json(files(workspaceId, path, ""), workspaceId,
                Json.createObjectBuilder().add("type", "directory").add("parents", parents));
    }

    @Override
    public Response upload(String workspaceId, FilePath directory, List<EntityPart> parts, boolean overwrite) {
        String boundary = "coditect-" + UUID.randomUUID();
        MultipartStream body = new MultipartStream(boundary, parts == null ? List.of() : parts);
        HttpRequest.Builder request = request(files(workspaceId, directory, overwrite ? "overwrite=true" : ""),
                transferTimeout(settings.maxUploadBytes()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        return relay(request, workspaceId);
    }

    @Override
    public Response delete(String workspaceId, FilePath path, boolean recursive) {
        return relay(request(files(workspaceId, path, recursive ? "recursive=true" : ""),
                agents.settings().requestTimeout()).DELETE(), workspaceId);
    }

    @Override
    public Response move(String workspaceId, TransferRequest request) {
        return json(agentUri(workspaceId, "file-moves", ""), workspaceId, transfer(request));
    }

    @Override
    public Response copy(String workspaceId, TransferRequest request) {
        return json(agentUri(workspaceId, "file-copies", ""), workspaceId, transfer(request));
    }

    private Response json(URI uri, String workspaceId, JsonObjectBuilder body) {
        return relay(request(uri, transferTimeout(settings.maxWriteBytes()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString())), workspaceId);
    }

    private static JsonObjectBuilder transfer(TransferRequest request) {
        return Json.createObjectBuilder().add("from", request.source().toString()).add("to", request.target().toString())
                .add("overwrite", request.replaces());
    }

    private Response relay(HttpRequest.Builder request, String workspaceId) {
        activity.touch(workspaceId);
        HttpResponse<InputStream> reply = agents.exchange(request, workspaceId, owners.of(workspaceId));
        return AgentReplies.of(workspaceId, reply, () -> activity.touch(workspaceId),
                () -> agents.unavailable(workspaceId, "status " + reply.statusCode()));
    }

    private static HttpRequest.Builder request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    /** Long enough for {@code bytes} at the slowest rate allowed, on top of an ordinary call's timeout. */
    private Duration transferTimeout(long bytes) {
        return agents.settings().requestTimeout().plusSeconds(bytes / MIN_BYTES_PER_SECOND + 1);
    }

    private URI files(String workspaceId, FilePath path, String query) {
        StringJoiner encoded = new StringJoiner("/");
        path.segments().forEach(segment -> encoded.add(encode(segment)));
        return agentUri(workspaceId, path.isRoot() ? "files" : "files/" + encoded, query);
    }

    private URI agentUri(String workspaceId, String rest, String query) {
        URI uri = agents.workspaceUri(workspaceId, rest);
        return query.isEmpty() ? uri : URI.create(uri + "?" + query);
    }

    private static void header(HttpRequest.Builder request, String name, String value) {
        if (value != null && !value.isBlank()) {
            request.header(name, value);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
