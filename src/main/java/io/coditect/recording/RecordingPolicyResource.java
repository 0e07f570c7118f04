package io.coditect.recording;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditLog;
import io.coditect.auth.Caller;
import io.coditect.auth.CurrentCaller;
import io.coditect.platform.error.ApiException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Whether a workspace's terminals are recorded: {@code GET} and {@code PUT /api/v1/workspaces/{id}/recording}
 * (owner and admins). The workspace's policy applies to terminals started after it is set; the
 * deployment's ({@code coditect.recording.*}) applies whatever the workspace says. In the gateway
 * role both are the gateway's, and each create tells the agent what applies ({@link GatewayRecordings}).
 */
@Path("/v1/workspaces/{id}/recording")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "recordings")
public class RecordingPolicyResource {
    private final WorkspaceService workspaces;
    private final CurrentCaller caller;
    private final RecordingStore recordings;
    private final RecordingSettings settings;
    private final AuditLog audit;

    /** For the CDI client proxy only. */
    protected RecordingPolicyResource() {
        this.workspaces = null;
        this.caller = null;
        this.recordings = null;
        this.settings = null;
        this.audit = null;
    }

    @Inject
    public RecordingPolicyResource(WorkspaceService workspaces, CurrentCaller caller, RecordingStore recordings,
                                   RecordingSettings settings, AuditLog audit) {
        this.workspaces = workspaces;
        this.caller = caller;
        this.recordings = recordings;
        this.settings = settings;
        this.audit = audit;
    }

    /** The workspace's own policy, the deployment's, and the one that applies. */
    public record PolicyView(RecordingPolicy workspace, RecordingPolicy deployment, RecordingPolicy effective) {
    }

    @GET
    @Operation(summary = "Whether the workspace's terminals are recorded")
    public PolicyView get(@PathParam("id") String id) {
        Workspace workspace = workspaces.get(caller.get(), id);
        return view(recordings.policy(workspace.id()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the workspace's terminals from now on (input too, if asked), or stop doing so")
    public PolicyView put(@PathParam("id") String id, RecordingPolicy policy) {
        Caller who = caller.get();
        Workspace workspace = workspaces.get(who, id);
        if (policy == null) {
            throw ApiException.badRequest("invalid_recording_policy",
                    "Send {\"enabled\": true|false, \"input\": true|false}.");
        }
        recordings.setPolicy(workspace.id(), policy, audit.event(AuditAction.RECORDING_POLICY, who.name(), who.origin())
                .withWorkspace(workspace.id()).withDetail("enabled", policy.enabled()).withDetail("input", policy.input()));
        return view(policy);
    }

    private PolicyView view(RecordingPolicy workspace) {
        return new PolicyView(workspace, settings.deployment(), settings.deployment().or(workspace));
    }
}
