package io.coditect.workspace;

import io.coditect.platform.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The standalone role's workspaces: one directory each under {@code <data-dir>/workspaces}. */
@ApplicationScoped
public class LocalProvisioner implements Provisioner {
    private final DataDirectory dataDirectory;

    /** For the CDI client proxy only. */
    protected LocalProvisioner() {
        this.dataDirectory = null;
    }

    @Inject
    public LocalProvisioner(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The directory that holds the workspace's files; terminals start here. */
    public Path directoryOf(String workspaceId) {
        return dataDirectory.resolve("workspaces").resolve(workspaceId);
    }

    @Override
    public void create(Workspace workspace) {
        try {
            Files.createDirectories(directoryOf(workspace.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of workspace " + workspace.id(), e);
        }
    }

    @Override
    public void start(Workspace workspace) {
        create(workspace);
    }

    @Override
    public void stop(Workspace workspace) {
        // A local workspace is only its directory; stopping leaves it as it is.
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
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the directory of workspace " + workspace.id(), e);
        }
    }
}
