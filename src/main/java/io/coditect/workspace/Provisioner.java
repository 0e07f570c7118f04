package io.coditect.workspace;

import java.util.function.Consumer;

/**
 * Makes a workspace's environment exist: a directory on this machine, or a StatefulSet on
 * Kubernetes. Each call returns once the request has been made, with the phase it knows of right
 * away; later changes (a pod scheduled, an image pulled, a crash) arrive through {@link #watch}.
 * A failed call throws {@link ProvisioningException} and leaves nothing half made.
 */
public interface Provisioner {
    /** Creates the workspace's resources and starts it. */
    Phase create(Workspace workspace);

    Phase start(Workspace workspace);

    /** Stops the workspace and keeps its files. */
    Phase stop(Workspace workspace);

    /** Removes the workspace's resources and its files. */
    void delete(Workspace workspace);

    /**
     * Starts reporting the phases the environment reaches on its own, until the application stops.
     * A provisioner whose calls finish the job (the local one) never reports anything.
     */
    void watch(Consumer<Observation> observer);
}
