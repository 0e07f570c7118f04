package io.coditect.workspace;

import io.coditect.platform.DaemonTimer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.coditect.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The progress streams ({@code GET .../events}): every workspace record this server writes or sees
 * change is published here, and each open stream sends one event per phase change of its
 * workspace, ending after a final phase (running, failed, deleting). A comment every
 * {@code coditect.workspace.progress-keep-alive} keeps proxies from closing a quiet stream and finds
 * the clients that left (and gives their place back: one user may hold at most
 * {@code coditect.workspace.max-progress-streams-per-user} streams on this server).
 */
@ApplicationScoped
public class WorkspaceProgress {
    private static final Logger LOG = Logger.getLogger(WorkspaceProgress.class.getName());

    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    /** Open streams per user, at most {@code coditect.workspace.max-progress-streams-per-user}. */
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final int maxPerUser;
    private final Duration keepAliveEvery;
    private ScheduledExecutorService keepAlive;

    /** For the CDI client proxy, and tests that open no streams. */
    WorkspaceProgress() {
        this.maxPerUser = 0;
        this.keepAliveEvery = null;
    }

    @Inject
    public WorkspaceProgress(WorkspaceSettings settings) {
        this.maxPerUser = settings.maxProgressStreamsPerUser();
        this.keepAliveEvery = settings.progressKeepAlive();
        if (keepAliveEvery.isNegative() || keepAliveEvery.isZero()) {
            throw new IllegalArgumentException("coditect.workspace.progress-keep-alive must be positive, not " + keepAliveEvery);
        }
    }

    @PostConstruct
    void startKeepAlive() {
        keepAlive = DaemonTimer.start("coditect-progress-keep-alive", keepAliveEvery, keepAliveEvery, this::keepAlive);
    }

    /**
     * Streams the phases of {@code current}'s workspace to {@code sink}, starting with the current one.
     * {@code reread} gives the record as stored once the stream listens, so a change made between
     * reading {@code current} and listening is not lost.
     */
    public void open(String user, Workspace current, Supplier<Optional<Workspace>> reread,
                     SseEventSink sink, Sse sse) {
        admit(user);
        Stream stream = new Stream(user, current.id(), sink, sse);
        streams.computeIfAbsent(current.id(), id -> ConcurrentHashMap.newKeySet()).add(stream);
        stream.send(current);
        reread.get().ifPresentOrElse(stream::send, stream::close);
    }

    /** The workspace is now as given: streams whose phase it changes send an event. */
    public void publish(Workspace workspace) {
        Set<Stream> open = streams.get(workspace.id());
        if (open != null) {
            open.forEach(stream -> stream.send(workspace));
        }
    }

    @PreDestroy
    void closeAll() {
        keepAlive.shutdownNow();
        streams.values().forEach(open -> open.forEach(Stream::close));
    }

    private void keepAlive() {
        streams.values().forEach(open -> open.forEach(Stream::ping));
    }

    /** Counts a stream of {@code user}'s, or refuses it with {@code 429 too_many_streams}. */
    private void admit(String user) {
        boolean[] admitted = {false};
        perUser.compute(user, (name, open) -> {
            int count = open == null ? 0 : open;
            admitted[0] = count < maxPerUser;
            return admitted[0] ? count + 1 : open;
        });
        if (!admitted[0]) {
            throw ApiException.tooManyRequests("too_many_streams", "You have " + maxPerUser + " progress streams open, "
                    + "the most allowed (coditect.workspace.max-progress-streams-per-user); close one first.",
                    Math.max(1, keepAliveEvery.toSeconds()));
        }
    }

    private void forget(Stream stream) {
        streams.computeIfPresent(stream.workspaceId, (id, open) -> {
            open.remove(stream);
            return open.isEmpty() ? null : open;
        });
        perUser.computeIfPresent(stream.user, (name, open) -> open <= 1 ? null : open - 1);
    }

    /** One client's stream: sends each phase once, in order, and ends after a final one. */
    private final class Stream {
        private final String user;
        private final String workspaceId;
        private final SseEventSink sink;
        private final Sse sse;
        private Phase last;
        private boolean closed;

        Stream(String user, String workspaceId, SseEventSink sink, Sse sse) {
            this.user = user;
            this.workspaceId = workspaceId;
            this.sink = sink;
            this.sse = sse;
        }

        synchronized void send(Workspace workspace) {
            if (closed || workspace.phase().equals(last)) {
                return;
            }
            last = workspace.phase();
            deliver(sse.newEventBuilder()
                    .name("phase")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(PhaseEvent.class, PhaseEvent.of(workspace))
                    .build());
            if (last.isFinal()) {
                close();
            }
        }

        synchronized void ping() {
            if (!closed) {
                deliver(sse.newEventBuilder().comment("keep-alive").build());
            }
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                forget(this);
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Closing a progress stream failed", e);
                }
            }
        }

        private void deliver(OutboundSseEvent event) {
            if (sink.isClosed()) {
                close();
                return;
            }
            sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }
    }
}
