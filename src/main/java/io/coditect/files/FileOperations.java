package io.coditect.files;

import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;

/**
 * The file calls, after the caller was checked, answered as HTTP: on this machine's disk
 * ({@link LocalFileOperations}: a standalone server, an agent) or relayed to the workspace's agent
 * (a gateway, {@code relay.RemoteFiles}). The same answers either way.
 */
public interface FileOperations {
    Response get(String workspaceId, FilePath path, FileQuery query);

    Response put(String workspaceId, FilePath path, InputStream body, Long length, Precondition precondition);

    Response mkdir(String workspaceId, FilePath path, boolean parents);

    Response upload(String workspaceId, FilePath directory, List<EntityPart> parts, boolean overwrite);

    Response delete(String workspaceId, FilePath path, boolean recursive);

    Response move(String workspaceId, TransferRequest request);

    Response copy(String workspaceId, TransferRequest request);
}
