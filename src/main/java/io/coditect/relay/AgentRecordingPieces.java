package io.coditect.relay;

import io.coditect.platform.Immutable;
import io.coditect.recording.RecordingInfo;
import io.coditect.recording.RecordingResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The copier's calls to a workspace's agent ({@link RecordingCopier.Agent}) through
 * {@link AgentClient}: the recording's description (JSON read to {@link BoundedBody}'s cap), and a
 * piece of its text ({@code ?from=&length=} on the agent's download), whose {@code Content-Length}
 * must be the length asked before a byte is read, and of which no more than that is read, each
 * read bounded by the request timeout ({@link AgentBody}). A piece out of shape is
 * {@link RecordingCopier.Refused}; an agent that cannot be reached or breaks off is not.
 */
@Immutable
public class AgentRecordingPieces implements RecordingCopier.Agent {
    private final AgentClient agents;
    private final WorkspaceOwners owners;

    @Inject
    public AgentRecordingPieces(AgentClient agents, WorkspaceOwners owners) {
        this.agents = agents;
        this.owners = owners;
    }

    @Override
    public Optional<RecordingInfo> describe(String workspaceId, String recordingId) {
        return agents.recording(workspaceId, recordingId, owners.of(workspaceId));
    }

    @Override
    public byte[] read(String workspaceId, String recordingId, long from, int length) {
        URI uri = URI.create(agents.recordingUri(workspaceId, recordingId) + "?from=" + from + "&length=" + length);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(agents.settings().requestTimeout())
                .header("Accept", RemoteRecordings.ASCIICAST).GET();
        HttpResponse<InputStream> reply = agents.exchange(request, workspaceId, owners.of(workspaceId));
        try (InputStream body = reply.body()) {
            if (reply.statusCode() != 200) {
                byte[] error = body.readNBytes(BoundedBody.MAX_BYTES + 1);
                if (reply.statusCode() == 404 && AgentRefusals.error(error).filter(stated ->
                        stated.code().equals(RecordingResource.notFound(workspaceId, recordingId).code())).isPresent()) {
                    throw new RecordingCopier.Refused("that it has no such recording");
                }
                throw agents.unavailable(workspaceId, "status " + reply.statusCode() + " for a piece of a recording");
            }
            String type = reply.headers().firstValue("content-type").orElse("");
            String declared = reply.headers().firstValue("content-length").orElse("");
            if (!type.startsWith(RemoteRecordings.ASCIICAST) || !declared.equals(String.valueOf(length))) {
                throw new RecordingCopier.Refused("a piece of type '" + cut(type) + "' and length '" + cut(declared)
                        + "' where " + length + " bytes of asciicast were asked");
            }
            byte[] piece = body.readNBytes(length);
            if (piece.length != length) {
                throw new UncheckedIOException(new IOException("the piece broke off after " + piece.length + " bytes"));
            }
            return piece;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An agent's header value as far as a log line needs it. */
    private static String cut(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
