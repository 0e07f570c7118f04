package io.coditect.workspace;

import java.util.Locale;

/** Where a workspace is in its life; the API shows the lower-case name. */
public enum WorkspaceStatus {
    CREATING, STARTING, RUNNING, STOPPING, STOPPED, FAILED, DELETING;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
