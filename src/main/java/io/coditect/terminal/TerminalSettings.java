package io.coditect.terminal;

import io.coditect.platform.Immutable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code coditect.terminal.*} settings, checked once at start-up. */
@Immutable
public class TerminalSettings {
    /** The least room the ring has beyond a window, so a terminal whose clients are a window behind
     * at most still has room to read (Linux hands out about this much per PTY read). */
    public static final int READ_CHUNK = 4096;
    /** The largest output frame sent to a client. */
    public static final int OUTPUT_FRAME = 64 * 1024;

    private final List<String> shells;
    private final int ringBytes;
    private final int windowBytes;
    private final int maxFrameBytes;
    private final int inputBytesPerSecond;
    private final int maxPerWorkspace;
    private final Duration detachedGrace;
    private final Duration slowClientTimeout;
    private final Duration pingInterval;
    private final String term;
    private final int eventLoops;

    /** Settings with one PTY event loop. */
    public TerminalSettings(List<String> shells, int ringBytes, int windowBytes, int maxFrameBytes,
            int inputBytesPerSecond, int maxPerWorkspace, long detachedGraceSeconds, long slowClientTimeoutSeconds,
            long pingIntervalSeconds, String term) {
        this(shells, ringBytes, windowBytes, maxFrameBytes, inputBytesPerSecond, maxPerWorkspace, detachedGraceSeconds,
                slowClientTimeoutSeconds, pingIntervalSeconds, term, 1);
    }

    @Inject
    public TerminalSettings(
            @ConfigProperty(name = "coditect.terminal.shells") List<String> shells,
            @ConfigProperty(name = "coditect.terminal.ring-bytes") int ringBytes,
            @ConfigProperty(name = "coditect.terminal.window-bytes") int windowBytes,
            @ConfigProperty(name = "coditect.terminal.max-frame-bytes") int maxFrameBytes,
            @ConfigProperty(name = "coditect.terminal.max-input-bytes-per-second") int inputBytesPerSecond,
            @ConfigProperty(name = "coditect.terminal.max-per-workspace") int maxPerWorkspace,
            @ConfigProperty(name = "coditect.terminal.detached-grace-seconds") long detachedGraceSeconds,
            @ConfigProperty(name = "coditect.terminal.slow-client-timeout-seconds") long slowClientTimeoutSeconds,
            @ConfigProperty(name = "coditect.terminal.ping-interval-seconds") long pingIntervalSeconds,
            @ConfigProperty(name = "coditect.terminal.term") String term,
            @ConfigProperty(name = "coditect.terminal.event-loops") int eventLoops) {
        this.shells = List.copyOf(shells);
        this.ringBytes = ringBytes;
        this.windowBytes = windowBytes;
        this.maxFrameBytes = maxFrameBytes;
        this.inputBytesPerSecond = inputBytesPerSecond;
        this.maxPerWorkspace = maxPerWorkspace;
        this.detachedGrace = Duration.ofSeconds(detachedGraceSeconds);
        this.slowClientTimeout = Duration.ofSeconds(slowClientTimeoutSeconds);
        this.pingInterval = Duration.ofSeconds(pingIntervalSeconds);
        this.term = term;
        this.eventLoops = eventLoops;
        check();
    }

    private void check() {
        require(!shells.isEmpty(), "coditect.terminal.shells must name at least one shell");
        require(shells.stream().allMatch(shell -> shell.startsWith("/")),
                "coditect.terminal.shells must be absolute paths: " + shells);
        require(windowBytes >= OUTPUT_FRAME,
                "coditect.terminal.window-bytes must be at least " + OUTPUT_FRAME);
        require((long) ringBytes >= (long) windowBytes + READ_CHUNK,
                "coditect.terminal.ring-bytes must hold the window plus " + READ_CHUNK + " bytes");
        require(maxFrameBytes >= 1024, "coditect.terminal.max-frame-bytes must be at least 1024");
        require(inputBytesPerSecond >= maxFrameBytes,
                "coditect.terminal.max-input-bytes-per-second must allow one frame of max-frame-bytes");
        require(eventLoops >= 1 && eventLoops <= Runtime.getRuntime().availableProcessors(),
                "coditect.terminal.event-loops must be between 1 and the number of cores ("
                        + Runtime.getRuntime().availableProcessors() + "), not " + eventLoops);
        require(maxPerWorkspace >= 1, "coditect.terminal.max-per-workspace must be at least 1");
        require(!detachedGrace.isNegative() && !detachedGrace.isZero(),
                "coditect.terminal.detached-grace-seconds must be positive");
        require(!slowClientTimeout.isNegative() && !slowClientTimeout.isZero(),
                "coditect.terminal.slow-client-timeout-seconds must be positive");
        require(!pingInterval.isNegative() && !pingInterval.isZero(),
                "coditect.terminal.ping-interval-seconds must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The shells a terminal may run; the first is the default. */
    public List<String> shells() {
        return shells;
    }

    public int ringBytes() {
        return ringBytes;
    }

    /** Unsent output a client may have before its terminal stops reading the PTY. */
    public int windowBytes() {
        return windowBytes;
    }

    /** The largest frame (binary or text) a client may send. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int inputBytesPerSecond() {
        return inputBytesPerSecond;
    }

    public int maxPerWorkspace() {
        return maxPerWorkspace;
    }

    /** How long a terminal without any client lives on. */
    public Duration detachedGrace() {
        return detachedGrace;
    }

    /** How long a client may leave one frame unsent before it is disconnected. */
    public Duration slowClientTimeout() {
        return slowClientTimeout;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    /** How many PTY event loop threads share the terminals. */
    public int eventLoops() {
        return eventLoops;
    }

    /** The {@code TERM} a shell starts with. */
    public String term() {
        return term;
    }

    /** Checks the settings when the application starts, so a bad value stops it at once. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI created this bean, and its constructor checked the settings.
    }
}
