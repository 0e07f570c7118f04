package io.coditect.workspace;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a workspace's terminals did last, for the idle-stop rule: the terminal package reports
 * input, output and clients attaching or leaving; the workspace package reads it. Kept in memory:
 * after a restart every workspace starts with a fresh idle period.
 */
@ApplicationScoped
public class WorkspaceActivity {
    private final Map<String, AtomicLong> lastActiveMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attachedClients = new ConcurrentHashMap<>();
    private final Clock clock;

    public WorkspaceActivity() {
        this(Clock.systemUTC());
    }

    WorkspaceActivity(Clock clock) {
        this.clock = clock;
    }

    /** Terminal input or output happened in the workspace; cheap enough for every PTY read. */
    public void touch(String workspaceId) {
        lastActiveMillis.computeIfAbsent(workspaceId, id -> new AtomicLong()).set(clock.millis());
    }

    public void clientAttached(String workspaceId) {
        attachedClients.computeIfAbsent(workspaceId, id -> new AtomicInteger()).incrementAndGet();
        touch(workspaceId);
    }

    public void clientDetached(String workspaceId) {
        AtomicInteger clients = attachedClients.get(workspaceId);
        if (clients != null) {
            clients.updateAndGet(n -> Math.max(0, n - 1));
        }
        touch(workspaceId);
    }

    public int attachedClients(String workspaceId) {
        AtomicInteger clients = attachedClients.get(workspaceId);
        return clients == null ? 0 : clients.get();
    }

    /** When the workspace last had terminal input, output or a client coming or going. */
    public Optional<Instant> lastActive(String workspaceId) {
        AtomicLong millis = lastActiveMillis.get(workspaceId);
        return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis.get()));
    }

    /** The workspaces this server has seen terminal activity in since it started. */
    public Set<String> workspaceIds() {
        return Set.copyOf(lastActiveMillis.keySet());
    }

    /** Forgets a deleted workspace. */
    public void forget(String workspaceId) {
        lastActiveMillis.remove(workspaceId);
        attachedClients.remove(workspaceId);
    }
}
