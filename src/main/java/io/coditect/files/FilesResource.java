package io.coditect.files;

import io.coditect.audit.AuditAction;
import io.coditect.platform.error.ApiException;
import io.coditect.platform.error.StreamedBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A workspace's files, {@code /api/v1/workspaces/{id}/files/{path}} (docs/protocol.md, "Files"):
 * read a file or list a directory, write a file, make a directory, upload into one, delete. Moving
 * and copying are their own nouns ({@link FileMoveResource}, {@link FileCopyResource}).
 */
@Path("/v1/workspaces/{id}/files")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Tag(name = "files")
public class FilesResource {
    private final FileAccess access;
    private final FileOperations files;

    /** For the CDI client proxy only. */
    protected FilesResource() {
        this.access = null;
        this.files = null;
    }

    @Inject
    public FilesResource(FileAccess access, FileOperations files) {
        this.access = access;
        this.files = files;
    }

    @GET
    @Path("{path: .*}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "A file's bytes (Range, ETag; ?download for an attachment), a directory's listing "
            + "(?cursor, ?limit), a directory as a zip (?download), or one entry's attributes (?stat)")
    public Response get(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @QueryParam("stat") String stat, @QueryParam("download") String download,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
            @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        FilePath file = FilePath.parse(path);
        access.check(workspaceId);
        return files.get(workspaceId, file, new FileQuery(stat != null, download != null, cursor, limit, range, ifNoneMatch));
    }

    /** The root: JAX-RS matches {@code .../files} and {@code .../files/} here, not with an empty {@code {path}}. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "The workspace's root: its listing, its zip (?download) or its attributes (?stat)")
    public Response getRoot(@PathParam("id") String workspaceId,
            @QueryParam("stat") String stat, @QueryParam("download") String download,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return get(workspaceId, "", stat, download, cursor, limit, null, null);
    }

    @POST
    @StreamedBody
    @UploadLimit
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload files (multipart/form-data) into the workspace's root")
    public Response uploadToRoot(@PathParam("id") String workspaceId, @QueryParam("overwrite") boolean overwrite,
            List<EntityPart> parts) {
        return upload(workspaceId, "", overwrite, parts);
    }

    @PUT
    @Path("{path: .*}")
    @StreamedBody
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a file from the body, atomically (If-Match, If-None-Match: * for optimistic concurrency)")
    public Response put(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        FilePath file = FilePath.parse(path);
        access.check(workspaceId);
        return access.recorded(files.put(workspaceId, file, body, length, Precondition.of(ifMatch, ifNoneMatch)),
                AuditAction.FILE_WRITE, workspaceId, "path", file.toString());
    }

    @POST
    @Path("{path: .*}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a directory: {\"type\":\"directory\",\"parents\":true}")
    public Response mkdir(@PathParam("id") String workspaceId, @PathParam("path") String path, MakeDirectoryRequest request) {
        FilePath directory = FilePath.parse(path);
        if (request == null || !"directory".equals(request.type())) {
            throw ApiException.badRequest("invalid_type", "Only directories are made this way: {\"type\":\"directory\"}.");
        }
        access.check(workspaceId);
        return access.recorded(files.mkdir(workspaceId, directory, request.withParents()),
                AuditAction.FILE_WRITE, workspaceId, "path", directory.toString(), "type", "directory");
    }

    @POST
    @Path("{path: .*}")
    @StreamedBody
    @UploadLimit
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload files (multipart/form-data, each part's filename) into a directory")
    public Response upload(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @QueryParam("overwrite") boolean overwrite, List<EntityPart> parts) {
        FilePath directory = FilePath.parse(path);
        access.check(workspaceId);
        return access.recorded(files.upload(workspaceId, directory, parts, overwrite),
                AuditAction.FILE_WRITE, workspaceId, "path", directory.toString(), "type", "upload",
                "files", String.valueOf(parts == null ? 0 : parts.size()));
    }

    @DELETE
    @Path("{path: .*}")
    @Operation(summary = "Delete a file, link or empty directory (recursive=true: any directory)")
    public Response delete(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @QueryParam("recursive") boolean recursive) {
        FilePath file = FilePath.parse(path);
        access.check(workspaceId);
        return access.recorded(files.delete(workspaceId, file, recursive),
                AuditAction.FILE_DELETE, workspaceId, "path", file.toString(), "recursive", String.valueOf(recursive));
    }
}
