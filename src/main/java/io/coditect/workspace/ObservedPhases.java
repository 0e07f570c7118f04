package io.coditect.workspace;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rules for recording a phase that the environment reported, given what the record says was
 * last asked for. A report that contradicts the request (a pod still ready just after a stop was
 * asked for, the last word of a StatefulSet being deleted) is older news and is dropped.
 */
final class ObservedPhases {
    private static final Set<WorkspaceStatus> ON_THE_WAY_UP =
            EnumSet.of(WorkspaceStatus.STARTING, WorkspaceStatus.RUNNING, WorkspaceStatus.FAILED);
    private static final Set<WorkspaceStatus> ON_THE_WAY_DOWN =
            EnumSet.of(WorkspaceStatus.STOPPING, WorkspaceStatus.STOPPED);

    private ObservedPhases() {
    }

    /** Whether {@code observed} fits what was last asked of {@code current}. */
    static boolean accepts(Workspace current, Phase observed) {
        return switch (current.status()) {
            case DELETING -> false;
            case CREATING, STARTING, RUNNING, FAILED -> ON_THE_WAY_UP.contains(observed.status());
            case STOPPING, STOPPED -> ON_THE_WAY_DOWN.contains(observed.status());
        };
    }

    /**
     * {@code current} in {@code phase} from {@code at}; the time only moves when the phase does. A
     * stop keeps its reason (why the server stopped it) from stopping to stopped.
     */
    static Workspace advance(Workspace current, Phase phase, Instant at) {
        Phase next = phase;
        if (phase.status() == WorkspaceStatus.STOPPED && phase.reason() == null
                && ON_THE_WAY_DOWN.contains(current.status())) {
            next = new Phase(WorkspaceStatus.STOPPED, null, current.reason());
        }
        return next.equals(current.phase()) ? current : current.withPhase(next, at);
    }
}
