package io.coditect.workspace;

import io.coditect.platform.DataDirectory;
import io.coditect.platform.Immutable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * The standalone role's workspaces: one directory each under {@code <data-dir>/workspaces}. A
 * local workspace is running as soon as its directory exists, and stopping keeps the directory.
 * An agent's one workspace is its volume instead ({@link AgentWorkspace}).
 */
@Immutable
@Typed(LocalProvisioner.class)
public class LocalProvisioner implements Provisioner {
    private final DataDirectory dataDirectory;
    private final AgentWorkspace agentWorkspace;

    @Inject
    public LocalProvisioner(DataDirectory dataDirectory, AgentWorkspace agentWorkspace) {
        this.dataDirectory = dataDirectory;
        this.agentWorkspace = agentWorkspace;
    }

    /** The directory that holds the workspace's files; terminals start here. */
    public Path directoryOf(String workspaceId) {
        if (agentWorkspace.serves(workspaceId)) {
            return agentWorkspace.directory();
        }
        return dataDirectory.resolve("workspaces").resolve(workspaceId);
    }

    @Override
    public Phase create(Workspace workspace) {
        try {
            Files.createDirectories(directoryOf(workspace.id()));
        } catch (IOException | UncheckedIOException e) {
            throw new ProvisioningException("The directory of workspace " + workspace.id()
                    + " could not be created on the server; the server log says why.", false, e);
        }
        return Phase.running();
    }

    @Override
    public Phase start(Workspace workspace) {
        return create(workspace);
    }

    @Override
    public Phase stop(Workspace workspace) {
        return Phase.of(WorkspaceStatus.STOPPED);
    }

    @Override
    public void delete(Workspace workspace) {
        Path directory = directoryOf(workspace.id());
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ProvisioningException("The directory of workspace " + workspace.id()
                    + " could not be deleted on the server; the server log says why.", false, e);
        }
    }

    @Override
    public void watch(Consumer<Observation> observer) {
        // Every call above finishes its job before it returns: nothing changes on its own.
    }
}
