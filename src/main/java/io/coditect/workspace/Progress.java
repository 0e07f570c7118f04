package io.coditect.workspace;

import java.util.Locale;

/**
 * How far a starting workspace has got, step by step; the API shows the lower-case name. A local
 * workspace goes straight to {@link #READY}; on Kubernetes each step is read from the pod.
 */
public enum Progress {
    /** Waiting for a node: no pod yet, or the scheduler has not placed it. */
    SCHEDULING,
    /** On a node: the volume is being attached and the pod's sandbox created. */
    PREPARING,
    /** The workspace image is being pulled to the node. */
    PULLING_IMAGE,
    /** The image is there; the container is being created and started. */
    CREATING_CONTAINER,
    /** The container runs; the agent is not ready yet. */
    STARTING_AGENT,
    /** The agent answers: terminals can open. */
    READY;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
