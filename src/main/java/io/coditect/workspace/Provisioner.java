package io.coditect.workspace;

/**
 * Makes a workspace's environment exist: a directory on this machine, or a StatefulSet on
 * Kubernetes. Each call returns once the request has been made; status follows from it.
 */
public interface Provisioner {
    /** Creates the workspace's resources and starts it. */
    void create(Workspace workspace);

    void start(Workspace workspace);

    /** Stops the workspace and keeps its files. */
    void stop(Workspace workspace);

    /** Removes the workspace's resources and its files. */
    void delete(Workspace workspace);
}
