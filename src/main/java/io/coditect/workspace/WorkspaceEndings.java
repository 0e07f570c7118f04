package io.coditect.workspace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/** Announces {@link WorkspaceEnded} to the rest of the application. */
@ApplicationScoped
public class WorkspaceEndings {
    private final Event<WorkspaceEnded> events;

    /** For the CDI client proxy only. */
    protected WorkspaceEndings() {
        this.events = null;
    }

    @Inject
    public WorkspaceEndings(Event<WorkspaceEnded> events) {
        this.events = events;
    }

    public void stopped(String workspaceId) {
        events.fire(new WorkspaceEnded(workspaceId, false));
    }

    public void deleted(String workspaceId) {
        events.fire(new WorkspaceEnded(workspaceId, true));
    }
}
