package io.coditect.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Audit events of refused requests: {@code 401} and {@code 403}, from the REST API
 * ({@link RefusalAuditFilter}) and the attach upgrade. The {@code 404}s that hide another user's
 * workspace are recorded where that is decided ({@code workspace.WorkspaceService}), since only
 * there is a missing workspace told apart from someone else's.
 */
@ApplicationScoped
public class Refusals {
    /** The actor of a request that named no user the server could verify. */
    public static final String ANONYMOUS = "anonymous";

    private final AuditLog audit;
    private final ClientAddresses addresses;
    private final RefusalBudget budget;

    /** For the CDI client proxy only. */
    protected Refusals() {
        this.audit = null;
        this.addresses = null;
        this.budget = null;
    }

    @Inject
    public Refusals(AuditLog audit, ClientAddresses addresses, AuditSettings settings) {
        this.audit = audit;
        this.addresses = addresses;
        this.budget = new RefusalBudget(settings.refusalsPerSecond(), System::nanoTime);
    }

    /**
     * Records the refusal if it is one the audit trail keeps (401, 403; other statuses are not)
     * and the budget allows ({@link RefusalBudget}).
     */
    public void record(HttpServletRequest request, int status, String code, String workspaceId) {
        if (status != 401 && status != 403) {
            return;
        }
        long suppressed = budget.take();
        if (suppressed < 0) {
            return;
        }
        Principal principal = request.getUserPrincipal();
        String actor = principal == null || principal.getName() == null ? ANONYMOUS : principal.getName();
        AuditEvent event = audit.event(AuditAction.REQUEST_REFUSED, actor, addresses.origin(request))
                .withWorkspace(workspaceId).withOutcome(AuditEvent.REFUSED)
                .withDetail("status", status).withDetail("code", code)
                .withDetail("method", request.getMethod()).withDetail("path", request.getRequestURI());
        audit.record(suppressed > 0 ? event.withDetail("suppressed", suppressed) : event);
    }
}
