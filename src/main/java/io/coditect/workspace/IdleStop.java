package io.coditect.workspace;

import io.coditect.platform.DaemonTimer;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The idle-stop rule: a running workspace with no terminal input, no terminal output and no
 * attached client for {@code coditect.workspace.idle-timeout} is stopped (its files are kept).
 *
 * <p>Every check interval (a tenth of the timeout, between 1 s and 1 min) each server writes the
 * activity it saw itself ({@link WorkspaceActivity}; a workspace with a client attached counts as
 * active now) to the store, keeping the latest of all servers, and then stops the running
 * workspaces whose latest activity, or their start if later, is older than the timeout. So a
 * client attached through one gateway replica keeps the workspace alive for all of them, and a job
 * that keeps printing keeps it alive too. Agents only report; they never stop anything. Before a
 * gateway stops a workspace that looks idle, it asks the workspace's agent ({@link AgentActivity}):
 * output of a job nobody watches, or a client attached through another replica, keeps it running.
 */
@ApplicationScoped
public class IdleStop {
    private static final Logger LOG = Logger.getLogger(IdleStop.class.getName());

    private final WorkspaceActivity activity;
    private final WorkspaceRepository repository;
    private final Stopper stopper;
    private final AgentActivity agents;
    private final Duration timeout;
    private final boolean stops;
    private final Clock clock;
    private final Map<String, Instant> written = new HashMap<>();
    private ScheduledExecutorService checks;

    /** For the CDI client proxy only. */
    protected IdleStop() {
        this.activity = null;
        this.repository = null;
        this.stopper = null;
        this.agents = null;
        this.timeout = null;
        this.stops = false;
        this.clock = null;
    }

    @Inject
    public IdleStop(WorkspaceActivity activity, WorkspaceRepository repository, WorkspaceService service,
                    ServerRole role, Instance<AgentActivity> agents, WorkspaceSettings settings) {
        this(activity, repository, service::stopIdle, role.is(Role.GATEWAY) ? agents.get() : AgentActivity.NONE,
                settings.idleTimeout(), !role.is(Role.AGENT), Clock.systemUTC());
    }

    IdleStop(WorkspaceActivity activity, WorkspaceRepository repository, Stopper stopper, AgentActivity agents,
             Duration timeout, boolean stops, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("coditect.workspace.idle-timeout must be positive, not " + timeout);
        }
        this.activity = activity;
        this.repository = repository;
        this.stopper = stopper;
        this.agents = agents;
        this.timeout = timeout;
        this.stops = stops;
        this.clock = clock;
    }

    /** What stops an idle workspace: {@link WorkspaceService#stopIdle}; true when it did. */
    @FunctionalInterface
    interface Stopper {
        boolean stopIdle(String workspaceId, Instant idleSince, Duration timeout);
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        long interval = checkInterval(timeout).toMillis();
        checks = DaemonTimer.start("coditect-idle-stop", Duration.ofMillis(interval), Duration.ofMillis(interval), this::check);
        LOG.info(() -> "Idle workspaces are stopped after " + timeout + ", checked every " + interval + " ms");
    }

    @PreDestroy
    void stopChecking() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }

    /** A tenth of the timeout, at least a second and at most a minute. */
    static Duration checkInterval(Duration timeout) {
        Duration tenth = timeout.dividedBy(10);
        Duration atLeast = tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
        return atLeast.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : atLeast;
    }

    /** One round: write this server's activity, then stop what has been idle too long. */
    synchronized void check() {
        try {
            Instant now = clock.instant();
            writeActivity(now);
            if (stops) {
                stopIdle(now);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The idle-stop check failed; it runs again at the next interval", e);
        }
    }

    private void writeActivity(Instant now) {
        Map<String, Instant> changed = new HashMap<>();
        for (String id : activity.workspaceIds()) {
            Instant last = activity.attachedClients(id) > 0 ? now : activity.lastActive(id).orElse(null);
            if (last != null && !last.equals(written.get(id))) {
                changed.put(id, last);
            }
        }
        repository.recordActivities(changed);
        written.putAll(changed);
        written.keySet().retainAll(activity.workspaceIds());
    }

    /** Whether the workspace's agent saw activity after {@code since}; if so it is recorded for every server. */
    private boolean agentSeesActivity(String workspaceId, Instant since) {
        Optional<Instant> reported = agents.lastActivity(workspaceId).filter(at -> at.isAfter(since));
        reported.ifPresent(at -> repository.recordActivities(Map.of(workspaceId, at)));
        return reported.isPresent();
    }

    /** A bounded number of store round trips per page of workspaces, however many there are. */
    private void stopIdle(Instant now) {
        List<Workspace> running = repository.listAll().stream()
                .filter(workspace -> workspace.status() == WorkspaceStatus.RUNNING)
                .toList();
        Map<String, Instant> activities = repository.lastActivities(running.stream().map(Workspace::id).toList());
        for (Workspace workspace : running) {
            Instant since = Optional.ofNullable(activities.get(workspace.id()))
                    .filter(active -> workspace.startedAt() == null || active.isAfter(workspace.startedAt()))
                    .orElse(workspace.startedAt() == null ? workspace.updatedAt() : workspace.startedAt());
            if (since.plus(timeout).isAfter(now) || agentSeesActivity(workspace.id(), since)) {
                continue;
            }
            if (stopper.stopIdle(workspace.id(), since, timeout)) {
                LOG.info(() -> "Stopped workspace " + workspace.id() + ": no terminal activity since " + since);
            }
        }
    }
}
