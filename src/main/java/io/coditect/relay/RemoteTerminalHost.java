package io.coditect.relay;

import io.coditect.terminal.TerminalRefusals;
import io.coditect.platform.Drain;
import io.coditect.platform.error.ApiException;
import io.coditect.recording.GatewayRecordings;
import io.coditect.terminal.Attachment;
import io.coditect.terminal.Housekeeping;
import io.coditect.terminal.ClientChannel;
import io.coditect.terminal.RecordingRequest;
import io.coditect.terminal.TerminalHost;
import io.coditect.terminal.TerminalInfo;
import io.coditect.terminal.TerminalListener;
import io.coditect.terminal.TerminalMonitor;
import io.coditect.terminal.TerminalSettings;
import io.coditect.terminal.TerminalSpec;
import io.coditect.terminal.wire.CloseCode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The gateway's terminals: they run in each workspace's agent, and every call goes there
 * ({@link AgentClient}) with a service credential for the workspace's owner. The session registry
 * follows what the agent says, so that every replica admits attaches to the same terminals. An
 * attach is a WebSocket link to the agent ({@link RemoteAttachment}), made before this returns, so
 * a missing terminal is refused as locally and a client's first frame finds the link open.
 *
 * <p>One housekeeping thread disconnects clients that leave a relayed frame unsent past the
 * slow-client timeout (close 4001), as the agent does with the gateway: the gateway, waiting for its
 * client, does not read the agent's own close meanwhile. Keepalive pings come from the agent and are
 * passed on. A drain tells every client to re-attach elsewhere ({@link #drainAll}).
 */
@ApplicationScoped
@Typed(RemoteTerminalHost.class)
public class RemoteTerminalHost implements TerminalHost {
    private static final Logger LOG = Logger.getLogger(RemoteTerminalHost.class.getName());
    /** How much longer than the socket's handshake deadline (the connect timeout) the attaching thread waits. */
    private static final long HANDSHAKE_SLACK_MILLIS = 1000;
    private static final long DRAIN_POLL_MILLIS = 20;

    private final AgentClient agents;
    private final SessionRegistry registry;
    private final WorkspaceOwners owners;
    private final TerminalSettings settings;
    private final TerminalListener listener;
    private final RelayMetrics metrics;
    private final GatewayRecordings recordings;
    private final RecordingCopier copier;
    private final Set<RemoteAttachment> attachments = ConcurrentHashMap.newKeySet();
    /** Attachments per relayed terminal ({@code workspace/terminal}): a terminal counts as live here while it has one. */
    private final Map<String, AtomicInteger> relayed = new ConcurrentHashMap<>();
    private final Drain drain;
    private final Housekeeping housekeeping;

    /** For the CDI client proxy only. */
    protected RemoteTerminalHost() {
        this.agents = null;
        this.registry = null;
        this.owners = null;
        this.settings = null;
        this.listener = null;
        this.metrics = null;
        this.recordings = null;
        this.copier = null;
        this.drain = null;
        this.housekeeping = null;
    }

    @Inject
    public RemoteTerminalHost(AgentClient agents, SessionRegistry registry, WorkspaceOwners owners,
            TerminalSettings settings, TerminalMonitor listener, RelayMetrics metrics, GatewayRecordings recordings,
            RecordingCopier copier, Drain drain) {
        this.agents = agents;
        this.registry = registry;
        this.owners = owners;
        this.settings = settings;
        this.listener = listener;
        this.metrics = metrics;
        this.recordings = recordings;
        this.copier = copier;
        this.drain = drain;
        this.housekeeping = new Housekeeping("coditect-relay-housekeeping", () -> sweep(System.nanoTime()));
    }

    @Override
    public TerminalInfo create(String workspaceId, TerminalSpec spec) {
        TerminalRefusals.checkRoom(workspaceId, registry.entries(workspaceId).size(), settings.maxPerWorkspace());
        // The gateway holds the recording policy: the agent is told what applies, and records on the workspace's volume.
        RecordingRequest recording = recordings.request(workspaceId);
        TerminalInfo terminal = agents.create(workspaceId, owners.of(workspaceId), spec.withRecording(recording));
        registry.register(workspaceId, terminal.id(), terminal.offset(), terminal.createdAt());
        recordings.started(workspaceId, terminal, recording);
        return terminal;
    }

    @Override
    public List<TerminalInfo> list(String workspaceId) {
        Instant listedAt = Instant.now();
        List<TerminalInfo> terminals = agents.list(workspaceId, owners.of(workspaceId));
        registry.reconcile(workspaceId, terminals.stream().collect(Collectors.toMap(TerminalInfo::id,
                terminal -> new SessionRegistry.Entry(terminal.id(), terminal.offset(), terminal.createdAt(),
                        terminal.lastActiveAt()), (first, second) -> first)), listedAt);
        return terminals;
    }

    @Override
    public Optional<TerminalInfo> find(String workspaceId, String terminalId) {
        Optional<TerminalInfo> terminal = agents.find(workspaceId, terminalId, owners.of(workspaceId));
        if (terminal.isPresent()) {
            registry.advance(workspaceId, terminalId, terminal.get().offset());
        } else {
            registry.unregister(workspaceId, terminalId);
        }
        return terminal;
    }

    /** From the registry, without asking the agent: any replica admits an attach the same way, and fast. */
    @Override
    public boolean exists(String workspaceId, String terminalId) {
        return registry.contains(workspaceId, terminalId);
    }

    @Override
    public boolean delete(String workspaceId, String terminalId) {
        boolean deleted = agents.delete(workspaceId, terminalId, owners.of(workspaceId));
        registry.unregister(workspaceId, terminalId);
        // Its recording has ended at the agent: the copier takes the rest of it now rather than at its next round.
        copier.nudge();
        return deleted;
    }

    /** The workspace stopped or went away, and its agent with it: forget its terminals, close their clients. */
    @Override
    public void deleteAll(String workspaceId) {
        registry.clear(workspaceId);
        attachments.stream().filter(attachment -> attachment.workspaceId().equals(workspaceId))
                .forEach(attachment -> attachment.abort(CloseCode.TERMINAL_CLOSED, "workspace_stopped"));
    }

    @Override
    public Attachment attach(String workspaceId, String terminalId, OptionalLong offset, ClientChannel channel) {
        drain.refuseIfDraining();
        GatewaySettings gateway = agents.settings();
        RemoteAttachment attachment = new RemoteAttachment(workspaceId, terminalId, channel, new Events(workspaceId, terminalId),
                gateway.relayWindow(), gateway.requestTimeout());
        Duration timeout = gateway.connectTimeout();
        CompletableFuture<AgentSocket> link = agents.attach(workspaceId, terminalId, owners.of(workspaceId), offset, attachment.link());
        try {
            // The socket's own deadline ends the handshake; this wait outlasts it only as a guard.
            attachment.link().open(link.get(timeout.toMillis() + HANDSHAKE_SLACK_MILLIS, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AgentSocket.Refused refused)) {
                throw agents.unavailable(workspaceId, String.valueOf(e.getCause()));
            }
            Optional<AgentRefusals.AgentError> error = AgentRefusals.error(refused.body());
            if (AgentRefusals.terminalNotFound(refused.status(), error)) {
                registry.unregister(workspaceId, terminalId);
                throw TerminalRefusals.notFound(terminalId);
            }
            throw AgentRefusals.of(workspaceId, refused.status(), error,
                    () -> agents.unavailable(workspaceId, "upgrade refused with " + refused.status()));
        } catch (TimeoutException e) {
            link.cancel(true);
            throw agents.unavailable(workspaceId, "no answer within " + timeout);
        } catch (InterruptedException e) {
            link.cancel(true);
            Thread.currentThread().interrupt();
            throw agents.unavailable(workspaceId, "interrupted");
        }
        // The agent may already have ended the attachment (an exited terminal replays and closes at once).
        if (attachment.register(() -> {
            attachments.add(attachment);
            if (relayed.computeIfAbsent(key(workspaceId, terminalId), k -> new AtomicInteger()).incrementAndGet() == 1) {
                listener.started(workspaceId);
            }
            listener.attached(workspaceId, offset.isPresent());
        }) && drain.draining()) {
            attachment.drain();
        }
        return attachment;
    }

    /**
     * Tells every attached client to re-attach elsewhere (new attaches are refused once the
     * {@link Drain} began), then waits, at
     * most {@code timeout}, until each got that and was closed; whoever is still there then (a
     * client that does not read) is closed at once. Returns how many clients were told.
     */
    public int drainAll(Duration timeout) {
        int told = 0;
        for (RemoteAttachment attachment : List.copyOf(attachments)) {
            if (attachment.drain()) {
                metrics.reattachRequested();
                told++;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!attachments.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List.copyOf(attachments).forEach(attachment -> attachment.abort(CloseCode.GOING_AWAY, "draining"));
        return told;
    }

    /** One round of housekeeping as of {@code now} ({@link System#nanoTime()} scale). */
    void sweep(long now) {
        long limit = settings.slowClientTimeout().toNanos();
        Housekeeping.each(attachments, attachment -> {
            if (attachment.stuck(now, limit)) {
                attachment.abort(CloseCode.SLOW_CLIENT, "slow_client");
                metrics.slowClient();
            }
        }, attachment -> "an attachment to " + attachment.terminalId());
    }

    @PreDestroy
    void shutdown() {
        housekeeping.stop();
        List.copyOf(attachments).forEach(attachment -> attachment.abort(CloseCode.GOING_AWAY, "draining"));
    }

    private static String key(String workspaceId, String terminalId) {
        return workspaceId + "/" + terminalId;
    }

    /** What one attachment reports, to the metrics, the workspace activity and the registry. */
    private final class Events implements RemoteAttachment.Host {
        private final String workspaceId;
        private final String terminalId;

        Events(String workspaceId, String terminalId) {
            this.workspaceId = workspaceId;
            this.terminalId = terminalId;
        }

        @Override
        public void sent(int bytes) {
            listener.sent(bytes);
        }

        @Override
        public void input(int bytes) {
            listener.input(workspaceId, bytes);
        }

        @Override
        public void active() {
            listener.active(workspaceId);
        }

        @Override
        public void buffered(long delta) {
            metrics.buffered(delta);
        }

        @Override
        public void finished(RemoteAttachment attachment, long offset) {
            if (!attachments.remove(attachment)) {
                return;
            }
            listener.detached(workspaceId);
            AtomicInteger count = relayed.get(key(workspaceId, terminalId));
            if (count != null && count.decrementAndGet() == 0) {
                relayed.remove(key(workspaceId, terminalId), count);
                listener.ended(workspaceId);
            }
            if (offset >= 0) {
                try {
                    registry.advance(workspaceId, terminalId, offset);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "could not record the offset of " + terminalId, e);
                }
            }
        }
    }
}
