package io.coditect.workspace;

import io.coditect.audit.AuditAction;
import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditLog;
import io.coditect.audit.RequestOrigin;
import io.coditect.auth.Caller;
import io.coditect.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.annotation.Counted;

/**
 * The workspace life cycle, and the one place that decides who may see a workspace: its owner,
 * and admins (who may also start, stop and delete it). Everyone else is told it does not exist,
 * so ids cannot be probed.
 *
 * <p>Each change is first recorded (checked against the state and the quotas in one store
 * transaction), then made by the provisioner, and then settled with the phase the provisioner
 * reports, unless the cluster watch has reported something newer meanwhile. A provisioner failure
 * puts the record back as it was (a failed create removes it) and reaches the caller as 503 (try
 * again) or 500 (an operator must act).
 */
@ApplicationScoped
public class WorkspaceService {
    private static final Logger LOG = Logger.getLogger(WorkspaceService.class.getName());

    private final WorkspaceRepository repository;
    private final Provisioner provisioner;
    private final WorkspaceQuotas quotas;
    private final WorkspaceProgress progress;
    private final WorkspaceMetrics metrics;
    private final WorkspaceActivity activity;
    private final WorkspaceEndings endings;
    private final AuditLog audit;
    private final Clock clock;

    /** For the CDI client proxy only (not @Immutable: Payara's metrics interceptor fails on an intercepted singleton). */
    protected WorkspaceService() {
        this.repository = null;
        this.provisioner = null;
        this.quotas = null;
        this.progress = null;
        this.metrics = null;
        this.activity = null;
        this.endings = null;
        this.audit = null;
        this.clock = null;
    }

    @Inject
    public WorkspaceService(WorkspaceRepository repository, Provisioner provisioner, WorkspaceQuotas quotas,
                            WorkspaceProgress progress, WorkspaceMetrics metrics, WorkspaceActivity activity,
                            WorkspaceEndings endings, AuditLog audit) {
        this.repository = repository;
        this.provisioner = provisioner;
        this.quotas = quotas;
        this.progress = progress;
        this.metrics = metrics;
        this.activity = activity;
        this.endings = endings;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /** Listens to the provisioner from the start, so statuses follow the cluster even before any request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        provisioner.watch(this::observe);
    }

    @Counted(name = "coditect.workspaces.created", absolute = true,
            description = "Workspaces created since the server started")
    public Workspace create(Caller caller, CreateWorkspaceRequest request) {
        String name = WorkspaceNames.validate(request == null ? null : request.name());
        Instant now = clock.instant();
        Workspace workspace = new Workspace(WorkspaceIds.generate(), name, caller.name(),
                WorkspaceStatus.CREATING, null, null, now, now, now);
        AuditEvent event = audited(AuditAction.WORKSPACE_CREATE, caller, workspace);
        repository.insert(workspace, quotas::checkCreate, tx -> audit.write(tx, event));
        audit.exported(event);
        Phase phase;
        try {
            phase = provisioner.create(workspace);
        } catch (ProvisioningException e) {
            AuditEvent failed = failed(event, e);
            if (e.leftovers()) {
                repository.update(workspace.id(), w -> w.withPhase(Phase.failed(e.getMessage()), clock.instant()),
                        tx -> audit.write(tx, failed));
            } else {
                repository.delete(workspace, tx -> audit.write(tx, failed));
            }
            audit.exported(failed);
            throw WorkspaceRefusals.provisioningFailed("create", workspace.id(), e);
        }
        return settle(workspace, phase);
    }

    public List<Workspace> list(Caller caller, boolean all) {
        return all && caller.isAdmin() ? repository.listAll() : repository.listByOwner(caller.name());
    }

    /** The workspace if the caller may see and manage it (its owner, or an admin); 404 otherwise. */
    public Workspace get(Caller caller, String id) {
        Workspace workspace = find(id);
        if (!workspace.owner().equals(caller.name()) && !caller.isAdmin()) {
            throw hidden(caller, workspace);
        }
        return workspace;
    }

    /** The workspace if the caller owns it (its terminals are for its owner only); 404 otherwise. */
    public Workspace getOwned(Caller caller, String id) {
        Workspace workspace = find(id);
        if (!workspace.owner().equals(caller.name())) {
            throw hidden(caller, workspace);
        }
        return workspace;
    }

    /**
     * Starts a stopped or failed workspace; a running one is left as it is. One found starting is
     * asked of the provisioner again: the request that recorded it may have ended in an ambiguous
     * commit (a 503 whose transaction did commit) before it reached the provisioner, and starting
     * twice is harmless.
     */
    public Workspace start(Caller caller, String id) {
        AuditEvent event = audited(AuditAction.WORKSPACE_START, caller, get(caller, id));
        var update = repository.updateSeeingOwner(id, (current, owners) -> switch (current.status()) {
            case DELETING -> throw WorkspaceRefusals.deleting(id);
            case CREATING, STOPPING -> throw WorkspaceRefusals.busy(current);
            case STARTING, RUNNING -> current;
            case STOPPED, FAILED -> {
                quotas.checkStart(current, owners);
                yield current.starting(clock.instant());
            }
        }, tx -> audit.write(tx, event)).orElseThrow(() -> WorkspaceRefusals.notFound(id));
        if (update.changed()) {
            audit.exported(event);
        }
        if (!update.changed() && update.after().status() != WorkspaceStatus.STARTING) {
            return update.after();
        }
        progress.publish(update.after());
        Phase phase;
        try {
            phase = provisioner.start(update.after());
        } catch (ProvisioningException e) {
            putBack(update, failed(event, e));
            throw WorkspaceRefusals.provisioningFailed("start", id, e);
        }
        return settle(update.after(), phase);
    }

    /** Stops a workspace, keeping its files; a stopped one stays so, one found stopping is asked of the provisioner again. */
    public Workspace stop(Caller caller, String id) {
        AuditEvent event = audited(AuditAction.WORKSPACE_STOP, caller, get(caller, id));
        return stop(id, null, event).orElseThrow(() -> WorkspaceRefusals.notFound(id));
    }

    /** Stops a workspace still running and idle since {@code idleSince}; true when this call stopped it (another may be first). */
    public boolean stopIdle(String id, Instant idleSince, Duration timeout) {
        String reason = "Stopped by the server: no terminal activity since " + idleSince
                + " (idle timeout " + timeout + ").";
        AuditEvent event = audit.event(AuditAction.WORKSPACE_STOP, AuditEvent.SYSTEM, RequestOrigin.SERVER)
                .withWorkspace(id).withDetail("reason", "idle").withDetail("idle_since", idleSince);
        try {
            return stop(id, reason, event).map(w -> w.reason() != null && w.reason().equals(reason)).orElse(false);
        } catch (ApiException e) {
            LOG.log(Level.WARNING, () -> "Stopping idle workspace " + id + " failed: " + e.getMessage());
            return false;
        }
    }

    /** Deletes a workspace and its files; a delete that did not finish can be asked for again. */
    public void delete(Caller caller, String id) {
        AuditEvent event = audited(AuditAction.WORKSPACE_DELETE, caller, get(caller, id));
        var update = repository.update(id, current -> current.status() == WorkspaceStatus.DELETING
                ? current : current.withPhase(Phase.of(WorkspaceStatus.DELETING), clock.instant()))
                .orElseThrow(() -> WorkspaceRefusals.notFound(id));
        progress.publish(update.after());
        try {
            provisioner.delete(update.after());
        } catch (ProvisioningException e) {
            repository.update(id, current -> current.withPhase(new Phase(WorkspaceStatus.DELETING, null,
                    "The last delete did not finish: " + e.getMessage()), clock.instant()));
            throw WorkspaceRefusals.provisioningFailed("delete", id, e);
        }
        repository.delete(update.after(), tx -> audit.write(tx, event));
        audit.exported(event);
        activity.forget(id);
        endings.deleted(id);
    }

    /**
     * Finishes a change that a crash cut off between recording it and the provisioner call, for a
     * workspace still {@code stopping} or {@code creating} and unchanged since before
     * {@code staleBefore}: a stop is asked of the provisioner again (stopping twice is harmless); a
     * create is finished as a start (which keeps or remakes what the cluster already has), and
     * fails with the reason when nothing of it reached the cluster. Anything else is left alone;
     * a provisioner that cannot answer now is asked again at the next round.
     */
    public Optional<Workspace> reconcile(String id, Instant staleBefore) {
        Optional<Workspace> found = repository.find(id)
                .filter(current -> current.updatedAt().isBefore(staleBefore))
                .filter(current -> current.status() == WorkspaceStatus.STOPPING || current.status() == WorkspaceStatus.CREATING);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Workspace current = found.get();
        LOG.info(() -> "Workspace " + id + " has been " + current.status().apiName() + " since " + current.updatedAt()
                + "; asking the provisioner again");
        try {
            if (current.status() == WorkspaceStatus.STOPPING) {
                return stop(id, null, null);
            }
            Phase phase = provisioner.start(current);
            if (phase.status() == WorkspaceStatus.FAILED) {
                phase = Phase.failed("The server stopped while creating this workspace, before its resources were made;"
                        + " nothing of it is kept. Delete it and create it again.");
            }
            return Optional.of(settle(current, phase));
        } catch (ProvisioningException | ApiException e) {
            LOG.log(Level.WARNING, () -> "Reconciling workspace " + id + " failed; it is tried again: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What the provisioner saw of a workspace on its own: recorded unless it contradicts a newer request. */
    public void observe(Observation observation) {
        repository.update(observation.workspaceId(), current -> ObservedPhases.accepts(current, observation.phase())
                        ? ObservedPhases.advance(current, observation.phase(), clock.instant()) : current)
                .ifPresent(this::announce);
    }

    /**
     * Stops {@code id} unless it is stopped or being deleted; with a {@code reason} (the server's
     * own stop), only a running workspace is stopped, and one already stopping is left to whoever
     * stops it.
     */
    private Optional<Workspace> stop(String id, String reason, AuditEvent event) {
        var found = repository.update(id, current -> switch (current.status()) {
            case DELETING -> throw WorkspaceRefusals.deleting(id);
            case CREATING -> throw WorkspaceRefusals.busy(current);
            case STOPPING, STOPPED -> current;
            case STARTING, RUNNING, FAILED -> reason != null && current.status() != WorkspaceStatus.RUNNING
                    ? current : current.withPhase(new Phase(WorkspaceStatus.STOPPING, null, reason), clock.instant());
        }, tx -> {
            if (event != null) {
                audit.write(tx, event);
            }
        });
        if (event != null && found.map(WorkspaceRepository.Update::changed).orElse(false)) {
            audit.exported(event);
        }
        boolean again = reason == null && found.map(u -> u.after().status() == WorkspaceStatus.STOPPING).orElse(false);
        if (found.isEmpty() || !found.get().changed() && !again) {
            return found.map(WorkspaceRepository.Update::after);
        }
        var update = found.get();
        progress.publish(update.after());
        Phase phase;
        try {
            phase = provisioner.stop(update.after());
        } catch (ProvisioningException e) {
            putBack(update, event == null ? null : failed(event, e));
            throw WorkspaceRefusals.provisioningFailed("stop", id, e);
        }
        if (reason != null) {
            metrics.stoppedIdle();
        }
        endings.stopped(id);
        return Optional.of(settle(update.after(), phase));
    }

    /** Records the phase a provisioner call ended in, unless the record changed since {@code expected}. */
    private Workspace settle(Workspace expected, Phase phase) {
        return repository.update(expected.id(), current -> current.equals(expected)
                        ? ObservedPhases.advance(current, phase, clock.instant()) : current)
                .map(this::announce)
                .orElse(expected);
    }

    /**
     * Undoes a recorded change whose provisioner call failed, unless something newer happened
     * meanwhile, with the event that says it failed (null: none) in the same transaction.
     */
    private void putBack(WorkspaceRepository.Update update, AuditEvent failed) {
        if (!update.changed()) {
            return;
        }
        var putBack = repository.update(update.after().id(), current -> current.equals(update.after())
                ? update.before().withPhase(update.before().phase(), clock.instant()) : current, tx -> {
                    if (failed != null) {
                        audit.write(tx, failed);
                    }
                });
        putBack.ifPresent(this::announce);
        if (failed != null && putBack.map(WorkspaceRepository.Update::changed).orElse(false)) {
            audit.exported(failed);
        }
    }

    /** The event of an action whose provisioner call failed after it was recorded: same action, a new event. */
    private AuditEvent failed(AuditEvent recorded, ProvisioningException e) {
        return audit.followUp(recorded, AuditEvent.FAILED).withDetail("reason", e.getMessage());
    }

    private Workspace announce(WorkspaceRepository.Update update) {
        Workspace after = update.after();
        if (update.changed() && after.status() == WorkspaceStatus.RUNNING
                && update.before().status() != WorkspaceStatus.RUNNING && after.startedAt() != null) {
            metrics.reachedRunning(Duration.between(after.startedAt(), after.updatedAt()));
        }
        progress.publish(after);
        return after;
    }

    private Workspace find(String id) {
        if (!WorkspaceIds.isWellFormed(id)) {
            throw WorkspaceRefusals.notFound(id);
        }
        return repository.find(id).orElseThrow(() -> WorkspaceRefusals.notFound(id));
    }

    /** The audit event of a caller's change; an admin acting on someone else's workspace is named with the owner. */
    private AuditEvent audited(AuditAction action, Caller caller, Workspace workspace) {
        AuditEvent event = audit.event(action, caller.name(), caller.origin()).withWorkspace(workspace.id());
        return workspace.owner().equals(caller.name()) ? event : event.withDetail("owner", workspace.owner());
    }

    /** The 404 that hides someone else's workspace: recorded, since it may be a probe. */
    private ApiException hidden(Caller caller, Workspace workspace) {
        audit.record(audit.event(AuditAction.REQUEST_REFUSED, caller.name(), caller.origin())
                .withWorkspace(workspace.id()).withOutcome(AuditEvent.REFUSED).withDetail("status", 404)
                .withDetail("owner", workspace.owner()));
        return WorkspaceRefusals.notFound(workspace.id());
    }
}
