package io.coditect.workspace;

import io.coditect.platform.DaemonTimer;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Workspaces never stay stuck: a {@code stopping} or {@code creating} record older than
 * {@code coditect.workspace.stuck-after} (a server died between recording the change and making
 * it) is reconciled against the provisioner ({@link WorkspaceService#reconcile}) on a timer, and
 * before the next start or stop of that workspace, so the user is never told it is busy forever.
 */
@ApplicationScoped
public class StuckWorkspaces {
    private static final Logger LOG = Logger.getLogger(StuckWorkspaces.class.getName());

    private final WorkspaceService service;
    private final WorkspaceRepository repository;
    private final Duration after;
    private final boolean reconciles;
    private final Clock clock;
    private ScheduledExecutorService rounds;

    /** For the CDI client proxy only. */
    protected StuckWorkspaces() {
        this.service = null;
        this.repository = null;
        this.after = null;
        this.reconciles = false;
        this.clock = null;
    }

    @Inject
    public StuckWorkspaces(WorkspaceService service, WorkspaceRepository repository, ServerRole role, WorkspaceSettings settings) {
        this(service, repository, settings.stuckAfter(), !role.is(Role.AGENT), Clock.systemUTC());
    }

    StuckWorkspaces(WorkspaceService service, WorkspaceRepository repository, Duration after, boolean reconciles, Clock clock) {
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("coditect.workspace.stuck-after must be positive, not " + after);
        }
        this.service = service;
        this.repository = repository;
        this.after = after;
        this.reconciles = reconciles;
        this.clock = clock;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!reconciles) {
            return;
        }
        long interval = Math.max(1000, Math.min(after.toMillis() / 2, Duration.ofMinutes(1).toMillis()));
        rounds = DaemonTimer.start("coditect-stuck-workspaces", Duration.ofMillis(interval), Duration.ofMillis(interval), this::round);
    }

    @PreDestroy
    void stop() {
        if (rounds != null) {
            rounds.shutdownNow();
        }
    }

    /** Before a start or stop of {@code id}: finishes a change of it that a crash left half done. */
    public void settle(String id) {
        if (reconciles && WorkspaceIds.isWellFormed(id)) {
            service.reconcile(id, clock.instant().minus(after));
        }
    }

    /** One round over every workspace stuck longer than the limit. */
    void round() {
        try {
            Instant staleBefore = clock.instant().minus(after);
            repository.listAll().stream()
                    .filter(w -> w.status() == WorkspaceStatus.STOPPING || w.status() == WorkspaceStatus.CREATING)
                    .filter(w -> w.updatedAt().isBefore(staleBefore))
                    .forEach(w -> service.reconcile(w.id(), staleBefore));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reconciling stuck workspaces failed; it runs again at the next round", e);
        }
    }
}
