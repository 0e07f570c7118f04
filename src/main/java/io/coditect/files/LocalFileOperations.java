package io.coditect.files;

import io.coditect.platform.Immutable;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.WorkspaceActivity;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The file calls on this machine's disk: a standalone server's workspaces, an agent's one. */
@Immutable
@Typed(LocalFileOperations.class)
public class LocalFileOperations implements FileOperations {
    private final LocalFiles local;
    private final FileSettings settings;
    private final WorkspaceActivity activity;

    @Inject
    public LocalFileOperations(LocalFiles local, FileSettings settings, WorkspaceActivity activity) {
        this.local = local;
        this.settings = settings;
        this.activity = activity;
    }

    @Override
    public Response get(String workspaceId, FilePath path, FileQuery query) {
        WorkspaceFiles files = local.of(workspaceId);
        if (query.stat()) {
            return json(Response.ok(), files.stat(path));
        }
        FileEntry target = files.followedEntry(path);
        if (target.isDirectory()) {
            if (query.download()) {
                files.checkArchiveSize(path, settings.maxArchiveBytes());
                return FileResponses.archive(WorkspaceFiles.archiveName(FilePath.parse(target.path())),
                        out -> files.zip(path, out, settings.maxArchiveBytes()));
            }
            return json(Response.ok(), files.list(path, query.cursor(), pageSize(query.limit())));
        }
        return FileResponses.file(files.open(path), query.range(), query.ifNoneMatch(), query.download(),
                () -> activity.touch(workspaceId));
    }

    @Override
    public Response put(String workspaceId, FilePath path, InputStream body, Long length, Precondition precondition) {
        if (length != null && length > settings.maxWriteBytes()) {
            throw FileErrors.tooLarge(settings.maxWriteBytes());
        }
        WriteResult result = local.of(workspaceId).write(path, body, precondition, settings.maxWriteBytes());
        Response.ResponseBuilder builder = Response.status(result.created() ? 201 : 200);
        return json(builder.header(HttpHeaders.ETAG, result.entry().etag()), result.entry());
    }

    @Override
    public Response mkdir(String workspaceId, FilePath path, boolean parents) {
        return json(Response.status(201), local.of(workspaceId).mkdir(path, parents));
    }

    @Override
    public Response upload(String workspaceId, FilePath directory, List<EntityPart> parts, boolean overwrite) {
        WorkspaceFiles files = local.of(workspaceId);
        files.directory(directory);
        Set<String> names = new HashSet<>();
        List<FileEntry> written = new ArrayList<>();
        long left = settings.maxUploadBytes();
        for (EntityPart part : parts == null ? List.<EntityPart>of() : parts) {
            if (part.getFileName().isEmpty()) {
                continue;
            }
            String name = FilePath.name(part.getFileName().get());
            if (!names.add(name)) {
                throw ApiException.badRequest("duplicate_name", "Two parts are both named \"" + name + "\".");
            }
            try (InputStream content = part.getContent()) {
                WriteResult result = files.write(directory.child(name), content,
                        overwrite ? Precondition.NONE : new Precondition(null, true), Math.min(left, settings.maxWriteBytes()));
                left -= result.entry().size();
                written.add(result.entry());
            } catch (IOException e) {
                throw FileErrors.of(e, directory.child(name));
            }
        }
        if (written.isEmpty()) {
            throw ApiException.badRequest("no_files", "The upload has no part with a filename.");
        }
        return json(Response.status(201), new UploadResult(written));
    }

    @Override
    public Response delete(String workspaceId, FilePath path, boolean recursive) {
        local.of(workspaceId).delete(path, recursive);
        return Response.noContent().build();
    }

    @Override
    public Response move(String workspaceId, TransferRequest request) {
        return json(Response.ok(), local.of(workspaceId).move(request.source(), request.target(), request.replaces()));
    }

    @Override
    public Response copy(String workspaceId, TransferRequest request) {
        return json(Response.status(201), local.of(workspaceId).copy(request.source(), request.target(),
                request.replaces(), settings.maxWriteBytes()));
    }

    private int pageSize(Integer asked) {
        if (asked == null) {
            return settings.listLimit();
        }
        if (asked < 1 || asked > settings.maxListLimit()) {
            throw ApiException.badRequest("invalid_limit", "limit must be 1 to " + settings.maxListLimit() + ".");
        }
        return asked;
    }

    private static Response json(Response.ResponseBuilder builder, Object entity) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
    }
}
