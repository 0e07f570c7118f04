package io.coditect.files;

import io.coditect.platform.error.ApiException;
import io.coditect.platform.error.StreamedBody;
import io.coditect.workspace.AgentWorkspace;
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

/**
 * The agent's file API, for gateways only: the public calls and answers on the agent's own
 * workspace, without workspace records (the gateway checked the user). Every request came through
 * {@code workspace.AgentRequestFilter}, which let through only a gateway's service credential for this
 * workspace. Not part of the public API.
 */
@Path("/agent/v1/workspaces/{id}")
@RequestScoped
public class AgentFilesResource {
    private final LocalFileOperations files;
    private final AgentWorkspace workspace;

    /** For the CDI client proxy only. */
    protected AgentFilesResource() {
        this.files = null;
        this.workspace = null;
    }

    @Inject
    public AgentFilesResource(LocalFileOperations files, AgentWorkspace workspace) {
        this.files = files;
        this.workspace = workspace;
    }

    @GET
    @Path("files/{path: .*}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(hidden = true)
    public Response get(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @QueryParam("stat") String stat, @QueryParam("download") String download,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
            @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        FilePath file = FilePath.parse(path);
        requireOwn(workspaceId);
        return files.get(workspaceId, file, new FileQuery(stat != null, download != null, cursor, limit, range, ifNoneMatch));
    }

    @GET
    @Path("files")
    @Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(hidden = true)
    public Response getRoot(@PathParam("id") String workspaceId,
            @QueryParam("stat") String stat, @QueryParam("download") String download,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return get(workspaceId, "", stat, download, cursor, limit, null, null);
    }

    @POST
    @Path("files")
    @StreamedBody
    @UploadLimit
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response uploadToRoot(@PathParam("id") String workspaceId, @QueryParam("overwrite") boolean overwrite,
            List<EntityPart> parts) {
        return upload(workspaceId, "", overwrite, parts);
    }

    @PUT
    @Path("files/{path: .*}")
    @StreamedBody
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response put(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        FilePath file = FilePath.parse(path);
        requireOwn(workspaceId);
        return files.put(workspaceId, file, body, length, Precondition.of(ifMatch, ifNoneMatch));
    }

    @POST
    @Path("files/{path: .*}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response mkdir(@PathParam("id") String workspaceId, @PathParam("path") String path, MakeDirectoryRequest request) {
        FilePath directory = FilePath.parse(path);
        requireOwn(workspaceId);
        if (request == null || !"directory".equals(request.type())) {
            throw ApiException.badRequest("invalid_type", "Only directories are made this way: {\"type\":\"directory\"}.");
        }
        return files.mkdir(workspaceId, directory, request.withParents());
    }

    @POST
    @Path("files/{path: .*}")
    @StreamedBody
    @UploadLimit
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response upload(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @QueryParam("overwrite") boolean overwrite, List<EntityPart> parts) {
        FilePath directory = FilePath.parse(path);
        requireOwn(workspaceId);
        return files.upload(workspaceId, directory, parts, overwrite);
    }

    @DELETE
    @Path("files/{path: .*}")
    @Operation(hidden = true)
    public Response delete(@PathParam("id") String workspaceId, @PathParam("path") String path,
            @QueryParam("recursive") boolean recursive) {
        FilePath file = FilePath.parse(path);
        requireOwn(workspaceId);
        return files.delete(workspaceId, file, recursive);
    }

    @POST
    @Path("file-moves")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response move(@PathParam("id") String workspaceId, TransferRequest request) {
        requireOwn(workspaceId);
        return files.move(workspaceId, checked(request));
    }

    @POST
    @Path("file-copies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response copy(@PathParam("id") String workspaceId, TransferRequest request) {
        requireOwn(workspaceId);
        return files.copy(workspaceId, checked(request));
    }

    private static TransferRequest checked(TransferRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid_path", "The body must name \"from\" and \"to\".");
        }
        request.source();
        request.target();
        return request;
    }

    /** The filter refuses other workspaces already; this keeps the resource safe on its own. */
    private void requireOwn(String workspaceId) {
        if (!workspace.serves(workspaceId)) {
            throw ApiException.notFound("workspace_not_found", "This agent serves another workspace.");
        }
    }
}
